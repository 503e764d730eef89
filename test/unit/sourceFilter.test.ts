// .s2iignore and x-s2i.exclude, as s2i applies them (pkg/ignore: Go globs relative to the source
// root, not recursive, `!` takes back earlier matches; --exclude: a regular expression over files).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goPattern, parseS2iIgnore, sourceFilter } from '../../electron/engine/build/s2i/sourceFilter.ts';

const TREE: [string, boolean][] = [
  ['app.py', false],
  ['debug.log', false],
  ['README.md', false],
  ['.env', false],
  ['logs/', true],
  ['logs/a.log', false],
  ['logs/keep.log', false],
  ['docs/', true],
  ['docs/guide.md', false],
  ['docs/img/', true],
  ['docs/img/x.png', false],
  ['src/', true],
  ['src/deep/', true],
  ['src/deep/trace.log', false],
  ['tests/', true],
  ['tests/test_app.py', false],
];

function kept(ignore: string, exclude?: RegExp): string[] {
  const { rules } = parseS2iIgnore(ignore);
  const skip = sourceFilter({ ignore: rules, exclude });
  return TREE.filter(([n, d]) => !skip(n, d)).map(([n]) => n);
}

test('patterns are globs at their own depth, folders go with their contents', () => {
  assert.deepEqual(kept('# comment\n*.log\ndocs\n  .env  \n'), [
    'app.py',
    'README.md',
    'logs/',
    'logs/a.log',
    'logs/keep.log',
    'src/',
    'src/deep/',
    'src/deep/trace.log',
    'tests/',
    'tests/test_app.py',
  ]);
});

test('! takes back what earlier lines matched; a later line matches again', () => {
  assert.deepEqual(kept('logs/*.log\n!logs/keep.log\n'), TREE.map(([n]) => n).filter((n) => n !== 'logs/a.log'));
  assert.deepEqual(kept('!logs/keep.log\nlogs/*.log\n'), TREE.map(([n]) => n).filter((n) => !n.startsWith('logs/') || n === 'logs/'));
});

test('a blank line does not remove the whole source; /x and ./x mean x', () => {
  assert.deepEqual(kept('\n\n/tests\n./README.md\n'), TREE.map(([n]) => n).filter((n) => !n.startsWith('tests') && n !== 'README.md'));
});

test('exclude selects files by regular expression; folders stay', () => {
  assert.deepEqual(kept('', /\.log$/), TREE.map(([n]) => n).filter((n) => !n.endsWith('.log')));
  assert.deepEqual(kept('', /^tests\//), TREE.map(([n]) => n).filter((n) => n !== 'tests/test_app.py'));
});

test("Go's Match syntax", () => {
  const m = (p: string, s: string) => goPattern(p)!.test(s);
  assert.ok(m('*.py', 'app.py'));
  assert.ok(!m('*.py', 'src/app.py'), '* does not cross /');
  assert.ok(m('a?c', 'abc'));
  assert.ok(m('[a-c]x', 'bx'));
  assert.ok(!m('[^a-c]x', 'bx'));
  assert.ok(m('\\*', '*'));
  assert.ok(m('*', '.hidden'), 'a leading dot is matched by *, as in Go');
  assert.equal(goPattern('[abc'), undefined);
  assert.deepEqual(parseS2iIgnore('[abc\n../up\n').problems.map((p) => p.line), [1, 2]);
});
