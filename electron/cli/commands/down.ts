import type { DownResult } from '../../../shared/api/stacks.ts';
import { type Command, jsonOption } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult } from '../output.ts';
import { formatBytes } from './captures.ts';

function describe(stack: string, r: DownResult): string {
  const lines: string[] = [];
  if (r.capture) {
    const c = r.capture;
    lines.push(`captured ${c.services.length} services (${c.files} files, ${c.logLines} log lines, ${formatBytes(c.bytes)}) to ${c.path}`);
  }
  if (r.captureError) lines.push(`no capture (removed anyway with --force): ${r.captureError}`);
  const n = r.removed.containers.length + r.removed.networks.length + r.removed.volumes.length;
  lines.push(
    n === 0
      ? `stack ${stack}: nothing to remove`
      : `stack ${stack} removed: ${r.removed.containers.length} containers, ${r.removed.networks.length} networks, ${r.removed.volumes.length} volumes`,
  );
  if (r.keptVolumes.length) {
    lines.push(`kept volumes: ${r.keptVolumes.join(', ')} (the data is there for the next up; \`branchyard down ${stack} --volumes\` removes them)`);
  }
  for (const e of r.expiredCaptures ?? []) {
    lines.push(`removed capture ${e.id} (${formatBytes(e.bytes)}): ${e.reason === 'age' ? 'older than the retention setting keeps' : 'the capture folder was over its size limit'}`);
  }
  return lines.join('\n');
}

export const down: Command = {
  name: 'down',
  usage: 'down STACK [--volumes] [--no-capture] [--force] [--json]',
  summary: 'stop a stack, capture its logs and files, then remove it',
  help: [
    'Stops services in reverse dependency order, writes one archive with every container\'s logs,',
    'inspect document, build log and x-branchyard.capture files to <captureDir>/<stack>/, checks',
    'it, and only then removes the containers and the stack\'s networks (external ones stay). If the',
    'capture cannot be written or checked, nothing is removed (the stopped stack can be started again',
    'with `up`).',
    '  --volumes     also remove the named volumes (database data); without it they are kept',
    '                and listed (run `down STACK --volumes` later to remove them)',
    '  --no-capture  remove without capturing',
    '  --force       remove even when the capture fails (the error is reported)',
    'Works without the stack file; a stack that is already gone is not an error.',
    'Archives go to the captureDir setting, BRANCHYARD_CAPTURE_DIR, else <data dir>/captures.',
  ],
  options: { volumes: { type: 'boolean' }, 'no-capture': { type: 'boolean' }, force: { type: 'boolean' }, ...jsonOption },
  positionals: [1, 1],
  async run(v, [stack], signal) {
    const result = await localApi().down(
      { stack, removeVolumes: Boolean(v.volumes), capture: !v['no-capture'], force: Boolean(v.force) },
      callOptions(signal),
    );
    if (v.json) printJson(result);
    else printResult(describe(stack, result));
    if (result.captureError) printMessage(`warning: stack ${stack} was removed without a capture: ${result.captureError}`);
    return EXIT.ok;
  },
};
