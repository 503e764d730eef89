import { DEFAULT_TIMEOUT_S } from '../../engine/stacks/up.ts';
import { type Command, jsonOption, timeoutSeconds } from '../command.ts';
import { callOptions, localApi } from '../localApi.ts';
import { EXIT, printJson, printResult } from '../output.ts';
import { formatServices } from './ps.ts';

export const up: Command = {
  name: 'up',
  usage: 'up FILE [--branch B] [--name N] [--wait] [--timeout S] [--pool CIDR] [--json]',
  summary: 'create or update a stack from a stack file',
  help: [
    'Creates stack <template>-<branch slug> (or --name) on its own network with fixed IPs, or brings',
    'an existing one up to date: unchanged services are left alone, changed ones recreated on the',
    'same IP. --wait also waits until every service is healthy (or running, without a healthcheck).',
    `--timeout S bounds every wait (default ${DEFAULT_TIMEOUT_S}). --pool sets the subnet pool (default 10.210.0.0/16,`,
    'or BRANCHYARD_POOL).',
  ],
  options: {
    branch: { type: 'string' },
    name: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    pool: { type: 'string' },
    ...jsonOption,
  },
  positionals: [1, 1],
  async run(v, [file], signal) {
    const timeoutS = timeoutSeconds(v.timeout, DEFAULT_TIMEOUT_S);
    const result = await localApi().up(
      {
        file,
        branch: v.branch as string | undefined,
        name: v.name as string | undefined,
        wait: Boolean(v.wait),
        timeoutS,
        pool: v.pool as string | undefined,
      },
      callOptions(signal),
    );
    const { status, services, warnings: _w, ...rest } = result;
    if (v.json) printJson({ ...status, actions: services, subnet: rest.subnet });
    else printResult(`stack ${result.stack} on ${result.subnet}\n${status ? formatServices(status) : ''}`);
    return EXIT.ok;
  },
};
