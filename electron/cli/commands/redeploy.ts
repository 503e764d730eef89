import { connectEngine } from '../../engine/docker/connect.ts';
import { inspectStack } from '../../engine/stacks/inspectStacks.ts';
import { redeploy as redeployStack } from '../../engine/stacks/redeploy.ts';
import { DEFAULT_TIMEOUT_S } from '../../engine/stacks/up.ts';
import { type Command, jsonOption, timeoutSeconds } from '../command.ts';
import { EXIT, printJson, printResult, stderrProgress } from '../output.ts';
import { formatServices } from './ps.ts';

export const redeploy: Command = {
  name: 'redeploy',
  usage: 'redeploy STACK [SERVICE...] [--wait] [--timeout S] [--json]',
  summary: 'rebuild and replace the services built from a branch that has new commits',
  help: [
    "Fetches the stack's branch again. Where the commit changed, rebuilds the image and replaces",
    'only the services running it, on the same IPs; databases and their data are not touched.',
    'An unchanged commit builds nothing. SERVICE limits it to those services (or their images).',
  ],
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, ...jsonOption },
  positionals: [1, 100],
  async run(v, [stack, ...services], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    const engine = await connectEngine();
    const result = await redeployStack(engine, {
      stack,
      services: services.length ? services : undefined,
      wait: Boolean(v.wait),
      timeoutS,
      progress: stderrProgress,
      signal,
    });
    if (v.json) printJson(result);
    else {
      const lines = result.commits.map(
        (c) => `${c.service}: ${c.changed ? `${c.before?.slice(0, 12) ?? 'none'} -> ${c.after.slice(0, 12)}` : `unchanged at ${c.after.slice(0, 12)}`}`,
      );
      const status = result.up ? await inspectStack(engine.docker, stack) : undefined;
      printResult([...lines, ...(status ? [formatServices(status)] : [])].join('\n'));
    }
    return EXIT.ok;
  },
};
