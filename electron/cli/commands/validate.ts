import { loadStackFile, readStackFileText } from '../../engine/stackfile/loadStackFile.ts';
import { identityFromFlags } from '../../engine/stacks/resolveStackName.ts';
import { type Command, jsonOption } from '../command.ts';
import { EXIT, printJson, printResult } from '../output.ts';
import { stackVars } from './stackVars.ts';

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
    const { text, name } = readStackFileText(file);
    const id = identityFromFlags(name, { branch: v.branch as string | undefined, name: v.name as string | undefined });
    const loaded = loadStackFile(file, text, { vars: stackVars(id) });
    for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
    if (v.json) printJson({ valid: true, stack: id.stack, template: loaded.template, warnings: loaded.warnings });
    else printResult(`${file}: valid, template ${loaded.template.name}, ${loaded.template.services.length} services, stack ${id.stack}`);
    return EXIT.ok;
  },
};
