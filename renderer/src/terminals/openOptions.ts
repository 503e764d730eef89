// What the user picks when opening a terminal (shell and user), turned into the engine's terminal
// params. The command is always an argument array: 'auto' sends none (the engine picks bash, else
// sh), bash and sh are one word, and a custom command is split into words the way a shell splits
// them (quotes, backslashes) but never run through one: `sh -c "…"` works because the user typed
// sh, not because anything here builds a shell string.

import { splitShellWords } from '../../../shared/stack/shellwords.ts';
import type { TerminalParams } from '../../../shared/api/terminal.ts';
import type { T } from '../i18n/translate.ts';

export const SHELL_PICKS = ['auto', 'bash', 'sh', 'command'] as const;
export type ShellPick = (typeof SHELL_PICKS)[number];

export interface TerminalOptions {
  shell: ShellPick;
  /** The words of the custom command as typed (used when shell is 'command'). */
  command: string;
  /** The user to run as; empty: the image's default user. */
  user: string;
}

export const DEFAULT_OPTIONS: TerminalOptions = { shell: 'auto', command: '', user: '' };

/** Why the options cannot open a terminal, as a key of the `terminals` namespace with parameters. */
export type OptionsProblem =
  | { field: 'command'; problem: 'commandEmpty' }
  | { field: 'command'; problem: 'commandQuote'; detail: string }
  | { field: 'user'; problem: 'userSpaces' };

export type CheckedOptions = { params: Pick<TerminalParams, 'command' | 'user'> } | { problems: OptionsProblem[] };

/** The command and user for the engine, or every problem at once (nothing is opened then). */
export function terminalParamsOf(options: TerminalOptions): CheckedOptions {
  const problems: OptionsProblem[] = [];
  let command: string[] | undefined;
  if (options.shell === 'bash' || options.shell === 'sh') command = [options.shell];
  else if (options.shell === 'command') {
    const words = splitShellWords(options.command);
    if ('error' in words) problems.push({ field: 'command', problem: 'commandQuote', detail: words.error });
    else if (words.args.length === 0 || words.args[0] === '') problems.push({ field: 'command', problem: 'commandEmpty' });
    else command = words.args;
  }
  const user = options.user.trim();
  // docker exec takes "name", "uid", "name:group" or "uid:gid": never spaces.
  if (/\s/.test(user)) problems.push({ field: 'user', problem: 'userSpaces' });
  if (problems.length > 0) return { problems };
  return { params: { ...(command ? { command } : {}), ...(user ? { user } : {}) } };
}

/** A short label for the tab: nothing for auto as the default user, else "sh · app". */
export function optionsLabel(options: TerminalOptions): string {
  const shell = options.shell === 'command' ? options.command.trim().split(/\s+/)[0] : options.shell === 'auto' ? '' : options.shell;
  return [shell, options.user.trim()].filter(Boolean).join(' · ');
}

/** A problem in words of the `terminals` namespace. */
export function problemText(t: T<'terminals'>, p: OptionsProblem): string {
  return p.problem === 'commandQuote' ? t('commandQuote', { detail: p.detail }) : t(p.problem);
}
