import { describePlan } from '../../../shared/api/plan.ts';
import { type Command, DEFAULT_TIMEOUT_S, jsonOption, profileOption, profilesFlag, timeoutSeconds } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult } from '../output.ts';
import { formatServices } from './ps.ts';

export const up: Command = {
  name: 'up',
  usage: 'up FILE [--branch B] [--name N] [--profile P]... [--wait] [--timeout S] [--pool CIDR] [--keep-orphans] [--dry-run] [--json]',
  summary: 'create or update a stack from a stack file',
  help: [
    'Creates stack <template>-<branch slug> (or --name) on its own networks with fixed IPs, or brings',
    'an existing one up to date: unchanged services are left alone, changed ones recreated on the',
    'same IP. --wait also waits until every service is healthy (or running, without a healthcheck).',
    `--timeout S bounds every wait (default ${DEFAULT_TIMEOUT_S}). --pool sets the subnet pool (else BRANCHYARD_POOL,`,
    'else the subnetPool setting, else 10.210.0.0/16).',
    'Services no longer in the file are removed after their logs are captured into an archive, as',
    'down does; --keep-orphans leaves them. --dry-run prints the plan (every build, pull, create,',
    'recreate, start, keep and remove, with its reason) and touches nothing.',
    'Ctrl-C (or SIGTERM) cancels at once: what was created keeps its labels, so ls, up and down work.',
    '--profile activates a compose profile (repeat it for several; default: COMPOSE_PROFILES); services',
    'of profiles not active are left out, and their containers removed like any service no longer in the file.',
  ],
  options: {
    branch: { type: 'string' },
    name: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    pool: { type: 'string' },
    'keep-orphans': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    ...profileOption,
    ...jsonOption,
  },
  positionals: [1, 1],
  async run(v, [file], signal) {
    const params = {
      file,
      branch: v.branch as string | undefined,
      name: v.name as string | undefined,
      wait: Boolean(v.wait),
      timeoutS: timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S),
      pool: v.pool as string | undefined,
      keepOrphans: Boolean(v['keep-orphans']),
      profiles: profilesFlag(v),
    };
    if (v['dry-run']) {
      const { plan, warnings } = await localApi().plan(params, callOptions(signal));
      for (const w of warnings) printMessage(`warning: ${w}`);
      if (v.json) printJson(plan);
      else printResult(`plan for stack ${plan.stack} (nothing was changed):\n${describePlan(plan).map((l) => `  ${l}`).join('\n')}`);
      return EXIT.ok;
    }
    const result = await localApi().up(params, callOptions(signal));
    const { status, services, subnet, orphansCapture } = result;
    if (v.json) printJson({ ...status, actions: services, subnet, ...(orphansCapture ? { orphansCapture } : {}) });
    else {
      const kept = orphansCapture ? `\nservices no longer in the file were removed; their logs: ${orphansCapture.path}` : '';
      printResult(`stack ${result.stack} on ${subnet}\n${status ? formatServices(status) : ''}${kept}`);
    }
    return EXIT.ok;
  },
};
