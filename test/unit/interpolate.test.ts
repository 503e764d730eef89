import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate } from '../../shared/stack/interpolate.ts';

const vars = { A: 'a', EMPTY: '', B: 'b' };

function value(text: string, v: Record<string, string | undefined> = vars): string {
  const r = interpolate(text, v);
  assert.equal(r.error, undefined, `unexpected error: ${r.error}`);
  return r.value as string;
}

test('plain text without $ is returned as is', () => {
  assert.deepEqual(interpolate('hello world', vars), { value: 'hello world', warnings: [], unset: [] });
});

test('$VAR and ${VAR}', () => {
  assert.equal(value('x$A-y'), 'xa-y');
  assert.equal(value('${A}${B}'), 'ab');
  assert.equal(value('$A_suffix', { A_suffix: 'whole' }), 'whole');
});

test('$$ is a literal dollar and is not interpolated further', () => {
  assert.equal(value('cost: $$5'), 'cost: $5');
  assert.equal(value('$${A}'), '${A}');
});

test('unset variables become empty and are reported once', () => {
  const r = interpolate('$NOPE-${NOPE}-$ALSO', vars);
  assert.equal(r.value, '--');
  assert.deepEqual(r.unset, ['NOPE', 'ALSO']);
  assert.equal(r.warnings.length, 2);
  assert.match(r.warnings[0], /NOPE/);
});

test(':- and - defaults', () => {
  assert.equal(value('${NOPE:-dflt}'), 'dflt');
  assert.equal(value('${EMPTY:-dflt}'), 'dflt');
  assert.equal(value('${EMPTY-dflt}'), '');
  assert.equal(value('${NOPE-dflt}'), 'dflt');
  assert.equal(value('${A:-dflt}'), 'a');
  assert.equal(value('${NOPE:-two words}'), 'two words');
  assert.deepEqual(interpolate('${NOPE:-x}', vars).unset, []);
});

test(':+ and + alternatives', () => {
  assert.equal(value('${A:+alt}'), 'alt');
  assert.equal(value('${EMPTY:+alt}'), '');
  assert.equal(value('${EMPTY+alt}'), 'alt');
  assert.equal(value('${NOPE+alt}'), '');
});

test('nested defaults', () => {
  assert.equal(value('${NOPE:-${B}}'), 'b');
  assert.equal(value('${NOPE:-${ALSO:-deep}-x}'), 'deep-x');
  assert.equal(value('${NOPE:-$A}'), 'a');
});

test(':? and ? required variables', () => {
  assert.deepEqual(interpolate('${REDIS_PASSWORD:?set it in .env}', vars).error,
    'required variable REDIS_PASSWORD is missing a value: set it in .env');
  assert.equal(interpolate('${EMPTY:?x}', vars).error, 'required variable EMPTY is missing a value: x');
  assert.equal(value('${EMPTY?x}'), '');
  assert.equal(interpolate('${NOPE?}', vars).error, 'required variable NOPE is missing a value');
  assert.equal(value('${A:?x}'), 'a');
});

test('a default that is not used does not raise its own error', () => {
  assert.equal(value('${A:-${NOPE:?never}}'), 'a');
});

test('a $ that no name follows stays as written, as in compose v2', () => {
  for (const text of ['x $ y', '$', '5$', '^abc$', '$1 and $-', 'a$.b']) assert.equal(value(text), text);
  assert.equal(value('$$A $ $A'), '$A $ a');
});

test('malformed expressions are errors', () => {
  for (const bad of ['${', '${}', '${A B}', '${A', '${1A}', '${A:-x']) {
    const r = interpolate(bad, vars);
    assert.ok(r.error, `expected an error for ${bad}`);
    assert.match(r.error, /invalid interpolation format/);
  }
});
