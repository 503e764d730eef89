import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { dockerTime, formatTimestamp, parseSince, parseTimestamp, tsKey } from '../../electron/engine/logs/timestamps.ts';

const NOW = Date.UTC(2026, 10, 21, 10, 15, 0); // 2026-11-21T10:15:00Z
const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

test('RFC 3339 times to nanoseconds, with offsets and any number of fraction digits', () => {
  assert.equal(parseTimestamp('2026-11-21T10:15:00.123456789Z'), ns('2026-11-21T10:15:00Z') + 123456789n);
  assert.equal(parseTimestamp('2026-11-21T10:15:00Z'), ns('2026-11-21T10:15:00Z'));
  assert.equal(parseTimestamp('2026-11-21T10:15:00.5Z'), ns('2026-11-21T10:15:00Z') + 500_000_000n);
  assert.equal(parseTimestamp('2026-11-21T12:15:00+02:00'), ns('2026-11-21T10:15:00Z'));
  assert.equal(parseTimestamp('2026-11-21T08:15:00-02:00'), ns('2026-11-21T10:15:00Z'));
  for (const bad of ['2026-02-31T00:00:00Z', '2026-11-21 10:15:00', '2026-11-21T25:00:00Z', 'yesterday', '2026-11-21T10:15:00.1234567890Z']) {
    assert.equal(parseTimestamp(bad), undefined, bad);
  }
});

test('format, key and the engine\'s since form', () => {
  const t = ns('2026-11-21T10:15:00Z') + 42n;
  assert.equal(formatTimestamp(t), '2026-11-21T10:15:00.000000042Z');
  assert.equal(dockerTime(t), `${Date.parse('2026-11-21T10:15:00Z') / 1000}.000000042`);
  assert.equal(tsKey('2026-11-21T10:15:00.000000042Z'), '2026-11-21T10:15:00.000000042Z');
  assert.equal(tsKey('2026-11-21T11:15:00.5+01:00'), '2026-11-21T10:15:00.500000000Z');
  assert.ok(tsKey('2026-11-21T10:15:00.1Z') > tsKey('2026-11-21T10:15:00.099999999Z'));
});

test('since: RFC 3339, Unix seconds, or a duration back from now', () => {
  assert.equal(parseSince('2026-11-21T10:00:00Z', 'since', NOW), ns('2026-11-21T10:00:00Z'));
  assert.equal(parseSince('1763720100', 'since', NOW), 1763720100n * 1_000_000_000n);
  assert.equal(parseSince('1763720100.25', 'since', NOW), 1763720100n * 1_000_000_000n + 250_000_000n);
  assert.equal(parseSince('10m', 'since', NOW), ns('2026-11-21T10:05:00Z'));
  assert.equal(parseSince('2h', 'since', NOW), ns('2026-11-21T08:15:00Z'));
  assert.equal(parseSince('30s', 'since', NOW), ns('2026-11-21T10:14:30Z'));
  assert.equal(parseSince('1h30m', 'since', NOW), ns('2026-11-21T08:45:00Z'));
});

test('a bad since is invalid input naming the field', () => {
  for (const bad of ['yesterday', '10x', '-5m', '', '2026-11-21', '1.2.3', 'm10']) {
    assert.throws(
      () => parseSince(bad, '--since', NOW),
      (e: unknown) => e instanceof BranchyardError && e.kind === 'invalid-input' && e.details.issues?.[0].field === '--since' && e.message.includes(`'${bad}'`),
      bad,
    );
  }
  assert.throws(() => parseSince(5, 'since', NOW), /since: must be a string/);
});
