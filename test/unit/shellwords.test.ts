import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitShellWords } from '../../shared/stack/shellwords.ts';

function args(text: string): string[] {
  const r = splitShellWords(text);
  assert.ok('args' in r, `unexpected error for ${text}`);
  return r.args;
}

test('splits on whitespace', () => {
  assert.deepEqual(args('  redis-server   --appendonly yes '), ['redis-server', '--appendonly', 'yes']);
  assert.deepEqual(args(''), []);
});

test('quotes group and may be empty', () => {
  assert.deepEqual(args(`sh -c 'echo "$HOME" && ls'`), ['sh', '-c', 'echo "$HOME" && ls']);
  assert.deepEqual(args(`echo "a b" c""d ''`), ['echo', 'a b', 'cd', '']);
  assert.deepEqual(args(`--opt="x y"`), ['--opt=x y']);
});

test('backslashes escape outside quotes and a few characters inside double quotes', () => {
  assert.deepEqual(args('a\\ b c'), ['a b', 'c']);
  assert.deepEqual(args(`"a\\"b" "c\\d" 'e\\f'`), ['a"b', 'c\\d', 'e\\f']);
});

test('unterminated quotes are errors', () => {
  assert.deepEqual(splitShellWords(`echo 'oops`), { error: `unterminated single quote in: echo 'oops` });
  const r = splitShellWords('echo "oops');
  assert.ok('error' in r && /unterminated double quote/.test(r.error));
});
