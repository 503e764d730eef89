import { describePlan } from '../../../shared/api/plan.ts';
import { type Command, DEFAULT_TIMEOUT_S, jsonOption, timeoutSeconds } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printResult } from '../output.ts';
import { formatServices } from './ps.ts';

export const redeploy: Command = {
  name: 'redeploy',
  usage: 'redeploy STACK [SERVICE...] [--wait] [--timeout S] [--dry-run] [--json]',
  summary: 'rebuild and replace the services built from a branch that has new commits',
  help: [
    "Fetches the stack's branch again. Where the commit changed, rebuilds the image and replaces",
    'only the services running it, on the same IPs; databases and their data are not touched.',
    'An unchanged commit builds nothing. SERVICE limits it to those services (or their images).',
    '--dry-run fetches and prints the plan (what would be built and replaced, and why), changing nothing.',
  ],
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, 'dry-run': { type: 'boolean' }, ...jsonOption },
  positionals: [1, 100],
  async run(v, [stack, ...services], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    const dryRun = Boolean(v['dry-run']);
    const result = await localApi().redeploy({ stack, services, wait: Boolean(v.wait), timeoutS, dryRun }, callOptions(signal));
    if (v.json) printJson(result);
    else {
      const lines = result.commits.map(
        (c) => `${c.service}: ${c.changed ? `${c.before?.slice(0, 12) ?? 'none'} -> ${c.after.slice(0, 12)}` : `unchanged at ${c.after.slice(0, 12)}`}`,
      );
      const plan = dryRun && result.plan ? ['plan (nothing was changed):', ...describePlan(result.plan).map((l) => `  ${l}`)] : [];
      printResult([...lines, ...plan, ...(result.status ? [formatServices(result.status)] : [])].join('\n'));
    }
    return EXIT.ok;
  },
};
