import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult } from '../output.ts';

export const validate: Command = {
  name: 'validate',
  usage: 'validate FILE [--branch B] [--name N] [--json]',
  summary: 'check a stack file without touching the engine',
  help: [
    'Parses, interpolates and checks FILE as `up` would, and reports every problem with its',
    'file:line:column and field. --branch and --name set ${BRANCH}, ${BRANCH_SLUG} and ${STACK}.',
  ],
  options: { branch: { type: 'string' }, name: { type: 'string' }, ...jsonOption },
  positionals: [1, 1],
  async run(v, [file]) {
    const r = await localApi().validate({ file, branch: v.branch as string | undefined, name: v.name as string | undefined });
    for (const w of r.warnings) printMessage(`warning: ${w}`);
    if (v.json) printJson({ valid: true, ...r });
    else printResult(`${file}: valid, template ${r.template}, ${r.services.length} services, stack ${r.stack}`);
    return EXIT.ok;
  },
};
