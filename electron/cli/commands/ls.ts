import { servicesSummary } from '../../../shared/stack/status.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printResult, table } from '../output.ts';

export const ls: Command = {
  name: 'ls',
  usage: 'ls [--json]',
  summary: 'list every stack on the engine',
  help: ['--json prints an array of stacks, each with its services (name, container id, image, ip, state, health).'],
  options: { ...jsonOption },
  positionals: [0, 0],
  async run(v) {
    const stacks = await localApi().listStacks({});
    if (v.json) printJson(stacks);
    else if (stacks.length === 0) printResult('no stacks');
    else {
      printResult(
        table(
          ['STACK', 'STATUS', 'TEMPLATE', 'BRANCH', 'SUBNET', 'SERVICES'],
          stacks.map((s) => [s.name, s.status, s.template || '-', s.branch ?? '-', s.subnet ?? '-', servicesSummary(s)]),
        ),
      );
    }
    return EXIT.ok;
  },
};
