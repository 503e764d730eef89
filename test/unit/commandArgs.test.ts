// The arguments of one command: values, help, and the value that looks like an option.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseCommandArgs } from '../../electron/cli/commandArgs.ts';
import type { OptionSpec } from '../../electron/cli/command.ts';

const OPTIONS: OptionSpec = { branch: { type: 'string' }, wait: { type: 'boolean' }, follow: { type: 'boolean', short: 'f' } };
function parse(...args: string[]) {
  const r = parseCommandArgs(OPTIONS, [1, Number.POSITIVE_INFINITY], args);
  // parseArgs gives a null-prototype object: a plain one compares with deepEqual.
  return r.help ? r : { ...r, values: { ...r.values } };
}
const usage = (args: string[], message: RegExp) => assert.throws(() => parse(...args), (e: Error) => e instanceof UsageError && message.test(e.message));

test('values and positionals, words after -- included', () => {
  assert.deepEqual(parse('f.yml', '--branch', 'main', '--wait', '--', 'ls', '-h'), {
    help: false,
    values: { branch: 'main', wait: true },
    positionals: ['f.yml', 'ls', '-h'],
  });
});

test('--help or -h among our arguments asks for help; after -- it is the command\'s', () => {
  assert.deepEqual(parse('f.yml', '--help'), { help: true });
  assert.deepEqual(parse('-h'), { help: true });
  assert.equal(parse('f.yml', '--', '--help').help, false);
});

test('a string option whose value looks like an option is a usage error naming the option', () => {
  usage(['f.yml', '--branch', '--help'], /^option --branch needs a value, and '--help' is an option: to give it as the value, write --branch=--help$/);
  usage(['f.yml', '--branch', '-h'], /^option --branch needs a value, and '-h' is an option/);
  usage(['f.yml', '--branch', '--'], /^option --branch needs a value, and '--' is an option/);
  usage(['f.yml', '--branch'], /^option --branch needs a value$/);
  // A lone dash (stdin, by convention) is a value.
  assert.deepEqual(parse('f.yml', '--branch', '-'), { help: false, values: { branch: '-' }, positionals: ['f.yml'] });
});

test('--option=value may start with a dash', () => {
  assert.deepEqual(parse('f.yml', '--branch=--help'), { help: false, values: { branch: '--help' }, positionals: ['f.yml'] });
});

test('unknown flags and a wrong number of positionals are usage errors', () => {
  usage(['f.yml', '--colour'], /Unknown option '--colour'/);
  usage([], /^wrong number of arguments$/);
});
