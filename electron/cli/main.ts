// Entry of the `branchyard` command line: parses the sub-command and its flags, runs it, and maps
// errors to exit statuses: 0 success, 1 the work failed, 2 invalid input or usage.

import type { Command } from './command.ts';
import { UsageError, parseCommandArgs } from './commandArgs.ts';
import { build } from './commands/build.ts';
import { captures } from './commands/captures.ts';
import { convert } from './commands/convert.ts';
import { recreate, restart, start, stop } from './commands/control.ts';
import { down } from './commands/down.ts';
import { exec } from './commands/exec.ts';
import { redeploy } from './commands/redeploy.ts';
import { logs } from './commands/logs.ts';
import { ls } from './commands/ls.ts';
import { ps } from './commands/ps.ts';
import { serve } from './commands/serve.ts';
import { settings } from './commands/settings.ts';
import { templates } from './commands/templates.ts';
import { up } from './commands/up.ts';
import { validate } from './commands/validate.ts';
import { loadEngine } from './localApi.ts';
import { EXIT, printMessage, reportError } from './output.ts';

export const COMMANDS: Command[] = [validate, convert, build, up, redeploy, start, stop, restart, recreate, ls, ps, logs, down, captures, templates, settings, exec, serve];

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
    'The engine is DOCKER_HOST (unix://, tcp:// or ssh://), else the dockerEndpoint setting of',
    '<data dir>/settings.json, else /var/run/docker.sock.',
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
    printMessage(`error: unknown command '${name}'\n\n${overview()}`);
    return EXIT.usage;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const args = parseCommandArgs(command.options, command.positionals, rest);
    if (args.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    ({ values, positionals } = args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    printMessage(`error: ${e.message}\nusage: branchyard ${command.usage}`);
    return EXIT.usage;
  }
  // Ctrl-C, SIGTERM (a CI job cancelled) and SIGHUP (the terminal closed) cancel: every step of
  // the command stops, and the error says what was done and what was not. The exit status is
  // 128 + the signal's number, as shells report it. Should the cancel not have finished within
  // CANCEL_GRACE_MS (an engine that does not answer), the process ends anyway: a user pressing
  // Ctrl-C must never have to press it twice.
  const untilStopped = typeof command.runsUntilStopped === 'function' ? command.runsUntilStopped(values) : Boolean(command.runsUntilStopped);
  const abort = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = sig;
    printMessage(`${sig === 'SIGINT' ? '\n' : ''}cancelling (${sig})...`);
    abort.abort();
    setTimeout(() => {
      if (untilStopped) process.exit(EXIT.ok);
      printMessage('error: cancelled; the engine did not confirm in time (see branchyard ls for what is there)');
      process.exit(SIGNAL_EXIT[sig]);
    }, CANCEL_GRACE_MS).unref();
  };
  for (const sig of HANDLED) process.on(sig, onSignal);
  try {
    await loadEngine();
    const code = await command.run(values, positionals, abort.signal);
    return signalled && !untilStopped ? SIGNAL_EXIT[signalled] : code;
  } catch (e) {
    const code = reportError(e, Boolean(values.json));
    return signalled ? SIGNAL_EXIT[signalled] : code;
  } finally {
    for (const sig of HANDLED) process.off(sig, onSignal);
  }
}

const HANDLED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const CANCEL_GRACE_MS = 1800;
