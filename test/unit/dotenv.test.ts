import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../shared/stack/dotenv.ts';

test('KEY=VALUE lines, comments, blanks and export', () => {
  const r = parseDotenv('# comment\n\nA=1\nexport B=two words\n  C = spaced  \nD=\n');
  assert.deepEqual(r.values, { A: '1', B: 'two words', C: 'spaced', D: '' });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.entries.map((e) => e.line), [3, 4, 5, 6]);
});

test('inline comments only after whitespace in unquoted values', () => {
  const r = parseDotenv('A=value # note\nB=a#b\nC=#x\n');
  assert.deepEqual(r.values, { A: 'value', B: 'a#b', C: '' });
});

test('single quotes are literal, double quotes have escapes', () => {
  const r = parseDotenv(`A='x\\ny $HOME # not a comment'\nB="line1\\nline2\\t\\"q\\""  # comment\nC="a#b"\n`);
  assert.equal(r.values.A, 'x\\ny $HOME # not a comment');
  assert.equal(r.values.B, 'line1\nline2\t"q"');
  assert.equal(r.values.C, 'a#b');
  assert.deepEqual(r.entries.map((e) => e.quote), ['single', 'double', 'double']);
});

test('quoted values may span lines', () => {
  const r = parseDotenv('KEY="first\nsecond"\nNEXT=1\n');
  assert.deepEqual(r.values, { KEY: 'first\nsecond', NEXT: '1' });
  assert.equal(r.entries[1].line, 3);
});

test('later keys win; CRLF and BOM are fine', () => {
  const r = parseDotenv('\uFEFFA=1\r\nA=2\r\n');
  assert.deepEqual(r.values, { A: '2' });
});

test('a bare KEY takes its value from the lookup, or is left out', () => {
  const r = parseDotenv('HOME\nMISSING\n', (k) => (k === 'HOME' ? '/root' : undefined));
  assert.deepEqual(r.values, { HOME: '/root' });
});

test('errors name the line and what is wrong, never the text (an env_file may be any file)', () => {
  const r = parseDotenv('A=1\n1BAD=x\nB="open\nC=3\n');
  assert.equal(r.problems.length, 2);
  assert.equal(r.problems[0].line, 2);
  assert.match(r.problems[0].message, /^line 2: not a valid variable name \(expected KEY=VALUE\)$/);
  assert.ok(r.problems.every((p) => !p.message.includes('1BAD') && !p.message.includes('open')));
  assert.equal(r.problems[1].line, 3);
  assert.match(r.problems[1].message, /^line 3: the double quote is never closed/);
  assert.deepEqual(r.values, { A: '1' });
});

test('text after a closing quote is an error', () => {
  const r = parseDotenv("A='x' junk\n");
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].message, 'line 1: unexpected text after the closing quote');
});
