import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../shared/stack/duration.ts';

test('compose durations in nanoseconds', () => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['1s', 1e9],
    ['1.5s', 1.5e9],
    ['1m30s', 90e9],
    ['10ms', 10e6],
    ['2h', 7200e9],
    ['500us', 500e3],
    ['500µs', 500e3],
    ['42ns', 42],
    ['1h2m3s4ms', 3723.004e9],
    ['.5s', 0.5e9],
    [' 3s ', 3e9],
  ];
  for (const [text, ns] of cases) assert.deepEqual(parseDuration(text), { ns }, text);
});

test('garbage is an error', () => {
  for (const bad of ['', 's', '10', '1x', '1s2', '-1s', '1 s', 'abc', '1.2.3s', '1d']) {
    const r = parseDuration(bad);
    assert.ok('error' in r, `expected an error for '${bad}'`);
    assert.match(r.error, /is not a duration/);
  }
});
