// One command's arguments, read the same way for every command: flags declared for node:util
// parseArgs, `--help`/`-h` anywhere among our own arguments, a usage error (exit 2) for anything
// else that is not right. A string option takes the next word as its value, and a value that
// looks like an option is refused: `up FILE --branch --help` must not print the help and exit 0
// as if `up` had succeeded, nor `--name --wait` make a stack named "--wait". Such a value is
// written `--branch=--help`.

import { parseArgs } from 'node:util';
import type { OptionSpec } from './command.ts';

/** Wrong usage: the message says what, main prints it with the command's usage (exit 2). */
export class UsageError extends Error {}

export type CommandArgs =
  | { help: true }
  | { help: false; values: Record<string, string | boolean | undefined>; positionals: string[] };

const HELP: OptionSpec = { help: { type: 'boolean', short: 'h' } };

const looksLikeOption = (value: string) => value.length > 1 && value.startsWith('-');

export function parseCommandArgs(options: OptionSpec, [min, max]: [number, number], args: string[]): CommandArgs {
  // A lenient pass first, for its tokens: which word is an option, which an option's value, and
  // where `--` ends our arguments (words after it are positionals, `exec`'s command).
  const { tokens } = parseArgs({ args, options: { ...options, ...HELP }, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option' || options[t.name]?.type !== 'string' || t.inlineValue) continue;
    if (t.value === undefined) throw new UsageError(`option --${t.name} needs a value`);
    if (looksLikeOption(t.value)) {
      throw new UsageError(`option --${t.name} needs a value, and '${t.value}' is an option: to give it as the value, write --${t.name}=${t.value}`);
    }
  }
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true };

  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.positionals.length < min || parsed.positionals.length > max) throw new UsageError('wrong number of arguments');
  return { help: false, values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}
