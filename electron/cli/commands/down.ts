import { connectEngine } from '../../engine/docker/connect.ts';
import { down as downStack } from '../../engine/stacks/down.ts';
import { type Command, jsonOption } from '../command.ts';
import { EXIT, printJson, printResult, stderrProgress } from '../output.ts';

export const down: Command = {
  name: 'down',
  usage: 'down STACK [--volumes] [--json]',
  summary: 'stop and remove a stack',
  help: [
    'Stops services in reverse dependency order, then removes the containers and the network.',
    '--volumes also removes the named volumes (database data). Works without the stack file;',
    'a stack that is already gone is not an error.',
  ],
  options: { volumes: { type: 'boolean' }, ...jsonOption },
  positionals: [1, 1],
  async run(v, [stack]) {
    const { docker } = await connectEngine();
    const result = await downStack(docker, stack, { volumes: Boolean(v.volumes), progress: stderrProgress });
    if (v.json) printJson(result);
    else {
      const r = result.removed;
      const n = r.containers.length + r.networks.length + r.volumes.length;
      printResult(
        n === 0
          ? `stack ${stack}: nothing to remove`
          : `stack ${stack} removed: ${r.containers.length} containers, ${r.networks.length} networks, ${r.volumes.length} volumes`,
      );
    }
    return EXIT.ok;
  },
};
