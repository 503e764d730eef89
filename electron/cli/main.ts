// Entry of the `branchyard` command line: parses the sub-command and its flags, runs it, and maps
// errors to exit statuses: 0 success, 1 the work failed, 2 invalid input or usage.

import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { build } from './commands/build.ts';
import { captures } from './commands/captures.ts';
import { down } from './commands/down.ts';
import { exec } from './commands/exec.ts';
import { redeploy } from './commands/redeploy.ts';
import { logs } from './commands/logs.ts';
import { ls } from './commands/ls.ts';
import { ps } from './commands/ps.ts';
import { serve } from './commands/serve.ts';
import { up } from './commands/up.ts';
import { validate } from './commands/validate.ts';
import { EXIT, reportError } from './output.ts';

const COMMANDS: Command[] = [validate, build, up, redeploy, ls, ps, logs, down, captures, exec, serve];

function overview(): string {
  return [
    'branchyard: per-branch test stacks on Docker, with fixed IPs',
    '',
    'usage: branchyard COMMAND [ARGS]',
    '',
    // Usages are long (logs has eight flags): the summary goes under each, not in a column.
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Run `branchyard COMMAND --help` for details. Exit status: 0 success, 1 failed, 2 invalid input.',
    'The engine is DOCKER_HOST (unix://, tcp:// or ssh://), else /var/run/docker.sock.',
    'An engine that stops answering is reported after 3 s and waited for until the timeout',
    '(--timeout of up and redeploy, else BRANCHYARD_ENGINE_TIMEOUT seconds, default 60).',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`usage: branchyard ${c.usage}`, '', c.summary, '', ...c.help].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`error: unknown command '${name}'\n\n${overview()}\n`);
    return EXIT.usage;
  }
  // Words after `--` belong to the command `exec` runs (`-- ls -h`), not to us.
  const ours = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (ours.includes('--help') || ours.includes('-h')) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    values = parsed.values as Record<string, string | boolean | undefined>;
    positionals = parsed.positionals;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\nusage: branchyard ${command.usage}\n`);
    return EXIT.usage;
  }
  const [min, max] = command.positionals;
  if (positionals.length < min || positionals.length > max) {
    process.stderr.write(`error: wrong number of arguments\nusage: branchyard ${command.usage}\n`);
    return EXIT.usage;
  }
  // The first Ctrl-C cancels cleanly (a build removes its container, tags nothing); a second one
  // is Node's default and ends the process at once.
  const abort = new AbortController();
  const onSignal = () => {
    process.stderr.write('cancelling...\n');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await command.run(values, positionals, abort.signal);
  } catch (e) {
    return reportError(e, Boolean(values.json));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
