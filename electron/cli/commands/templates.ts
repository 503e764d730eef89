// `branchyard templates`: the templates folder from the command line, as the app's Templates
// screen shows it: list, show one with its problems, import a compose file, remove one.

import type { TemplateDetail, TemplateSummary } from '../../../shared/api/templates.ts';
import { BranchyardError, formatIssue } from '../../../shared/errors/errors.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printMessage, printResult, table } from '../output.ts';

const USAGE = 'templates [--json] | templates show ID [--json] | templates import FILE [--name N] [--replace] [--json] | templates rm ID';

function usage(message: string): BranchyardError {
  return BranchyardError.invalid([{ field: 'templates', message: `${message}; usage: ${USAGE}` }]);
}

function validity(t: TemplateSummary): string {
  return t.valid ? 'valid' : `${t.problems} problem${t.problems === 1 ? '' : 's'}`;
}

function describe(t: TemplateDetail): string {
  const head = `${t.id}: ${t.file}, template ${t.name}, ${validity(t)}, services ${t.services.join(', ') || '-'}`;
  return [head, ...(t.git ? [`repository ${t.git}`] : []), ...(t.lastUsed ? [`last used ${t.lastUsed} (${t.branchesUsed.join(', ') || 'no branch'})`] : [])].join('\n');
}

/** Problems of a template are told, not thrown: it exists, with them. */
function printProblems(t: TemplateDetail): void {
  for (const w of t.warnings) printMessage(`warning: ${w}`);
  for (const i of t.issues) printMessage(`problem: ${formatIssue(i)}`);
}

async function readFileText(file: string): Promise<string> {
  const { readRegularFile } = await import('../../engine/stackfile/readRegularFile.ts');
  const read = readRegularFile(file, 'a stack file');
  if ('text' in read) return read.text;
  throw BranchyardError.invalid([{ file, message: 'missing' in read ? 'no such file' : `file ${read.problem}` }]);
}

export const templates: Command = {
  name: 'templates',
  usage: USAGE,
  summary: 'list, show, import or remove the templates the app makes environments from',
  help: [
    'The templates folder is the templatesDir setting, BRANCHYARD_TEMPLATES, else <data dir>/templates;',
    'a template is <id>.yml (or .yaml) there. The list shows each with its services, whether it is valid,',
    'its repository and when it was last brought up. `show ID` prints its problems as file:line:col.',
    '`import FILE` copies a compose file in, named --name N, else by its name: (slugged). A file that is',
    'not YAML or has no services is refused; one with problems is imported and its problems printed',
    '(`up` refuses it until they are fixed). An existing template is replaced only with --replace.',
    '`rm ID` removes the file; stacks made from it keep running.',
  ],
  options: { name: { type: 'string' }, replace: { type: 'boolean' }, ...jsonOption },
  positionals: [0, 2],
  async run(v, [verb, arg]) {
    if (verb !== 'import' && (v.name !== undefined || v.replace)) throw usage('--name and --replace go with import');
    if (verb === undefined) {
      const list = await localApi().listTemplates({});
      if (v.json) printJson(list);
      else if (list.length === 0) printResult('no templates');
      else {
        printResult(
          table(
            ['ID', 'NAME', 'SERVICES', 'VALID', 'GIT', 'LAST USED'],
            list.map((t) => [t.id, t.name, t.services.join(',') || '-', validity(t), t.git ?? '-', t.lastUsed ?? '-']),
          ),
        );
      }
      return EXIT.ok;
    }
    if (!['show', 'import', 'rm'].includes(verb)) throw usage(`unknown sub-command '${verb}'`);
    if (arg === undefined) throw usage(`${verb} needs ${verb === 'import' ? 'a FILE' : 'an ID'}`);
    if (verb === 'rm') {
      await localApi().removeTemplate({ id: arg });
      printResult(`removed template ${arg}`);
      return EXIT.ok;
    }
    const t =
      verb === 'show'
        ? await localApi().showTemplate({ id: arg })
        : await localApi().importTemplate({ content: await readFileText(arg), ...(v.name !== undefined ? { name: v.name as string } : {}), replace: Boolean(v.replace) });
    printProblems(t);
    if (v.json) printJson(t);
    else printResult(`${verb === 'import' ? 'imported ' : ''}${describe(t)}`);
    return EXIT.ok;
  },
};
