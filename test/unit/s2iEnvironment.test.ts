// .s2i/environment as s2i reads it: split at the first '=', trimmed, '#' and '//' comment lines.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseS2iEnvironment } from '../../shared/stack/s2iEnvironment.ts';

test('values are taken literally: quotes, inline # and export stay as written', () => {
  const { values, problems } = parseS2iEnvironment(
    [
      '# a comment',
      '  // another comment',
      'QUOTED="a b"',
      "SINGLE='x'",
      'HASH=value # not a comment',
      'export EXPORTED=1',
      '  SPACED  =  padded value  ',
      'URL=postgres://u:p@h/db?x=1',
      'EMPTY=',
      'no equals sign here',
      '',
      'CRLF=yes\r',
    ].join('\n'),
  );
  assert.deepEqual(values, {
    QUOTED: '"a b"',
    SINGLE: "'x'",
    HASH: 'value # not a comment',
    'export EXPORTED': '1',
    SPACED: 'padded value',
    URL: 'postgres://u:p@h/db?x=1',
    EMPTY: '',
    CRLF: 'yes',
  });
  assert.deepEqual(problems, []);
});

test('a later line wins; a line with no name is skipped with a warning naming its line', () => {
  const { values, problems } = parseS2iEnvironment('A=1\n=orphan\nA=2\n');
  assert.deepEqual(values, { A: '2' });
  assert.deepEqual(problems, [{ line: 2, message: "'=orphan' has no variable name before '=': skipped" }]);
});
