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
          stacks.map((s) => {
            const running = s.services.filter((x) => x.state === 'running').length;
            return [s.name, s.status, s.template || '-', s.branch ?? '-', s.subnet ?? '-', `${running}/${s.services.length} running`];
          }),
        ),
      );
    }
    return EXIT.ok;
  },
};
