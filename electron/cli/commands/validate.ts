import { type Command, jsonOption, profileOption, profilesFlag } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult } from '../output.ts';

export const validate: Command = {
  name: 'validate',
  usage: 'validate FILE [--branch B] [--name N] [--profile P]... [--json]',
  summary: 'check a stack file without touching the engine',
  help: [
    'Parses, interpolates and checks FILE as `up` would, and reports every problem with its',
    'file:line:column and field. --branch and --name set ${BRANCH}, ${BRANCH_SLUG} and ${STACK}.',
    '--profile activates a compose profile (repeat it for several; default: COMPOSE_PROFILES).',
  ],
  options: { branch: { type: 'string' }, name: { type: 'string' }, ...profileOption, ...jsonOption },
  positionals: [1, 1],
  async run(v, [file]) {
    const r = await localApi().validate({ file, branch: v.branch as string | undefined, name: v.name as string | undefined, profiles: profilesFlag(v) });
    for (const w of r.warnings) printMessage(`warning: ${w}`);
    if (v.json) printJson({ valid: true, ...r });
    else printResult(`${file}: valid, template ${r.template}, ${r.services.length} services, stack ${r.stack}`);
    return EXIT.ok;
  },
};
