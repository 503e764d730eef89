import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type StackStatus, servicesSummary } from '../../../shared/stack/status.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printResult, table } from '../output.ts';

function stateOf(x: StackStatus['services'][number]): string {
  if (x.failure) return `failed${x.failure.exitCode === undefined ? '' : ` (${x.failure.exitCode})`}`;
  return x.state === 'exited' ? `exited (${x.exitCode ?? '?'})` : x.state;
}

/**
 * The services as a table (the engine's states; `created` is never started), then why each failed
 * one failed and why one that waits on it was not started.
 */
export function formatServices(s: StackStatus): string {
  const rows = table(
    ['SERVICE', 'STATE', 'HEALTH', 'IP', 'IMAGE', 'COMMIT', 'CONTAINER'],
    [
      ...s.services.map((x) => [
        x.name,
        stateOf(x),
        x.health === 'none' ? '-' : x.health,
        x.ip || '-',
        x.image,
        x.commit?.slice(0, 12) ?? '-',
        x.containerId.slice(0, 12),
      ]),
      ...(s.missing ?? []).map((m) => [m, 'not created', '-', '-', '-', '-', '-']),
    ],
  );
  const why = [
    ...s.services.filter((x) => x.failure).map((x) => `${x.name}: ${x.failure!.reason}`),
    ...s.services.filter((x) => x.blockedBy).map((x) => `${x.name}: not started: ${x.blockedBy!.reason}`),
  ];
  return why.length ? `${rows}\n${why.join('\n')}` : rows;
}

export const ps: Command = {
  name: 'ps',
  usage: 'ps STACK [--json]',
  summary: "list a stack's services with state, health and IP",
  help: ['Works from the engine alone: no stack file is needed.'],
  options: { ...jsonOption },
  positionals: [1, 1],
  async run(v, [stack]) {
    const status = await localApi().inspectStack({ stack });
    if (!status) throw new BranchyardError('not-found', `no stack named '${stack}' (see branchyard ls)`);
    if (v.json) printJson(status);
    else {
      const missing = status.status === 'incomplete' ? ` (${servicesSummary(status)})` : '';
      const head = `stack ${status.name}: ${status.status}${missing}, template ${status.template || '-'}, branch ${status.branch ?? '-'}, subnet ${status.subnet ?? '-'}`;
      printResult(`${head}\n${formatServices(status)}`);
    }
    return EXIT.ok;
  },
};
