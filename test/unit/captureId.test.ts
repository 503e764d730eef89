// Capture timestamps and ids: safe file names on every OS, and ids that cannot point outside the
// capture folder whatever a UI or a user sends.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { captureTimestamp, checkStackName, isCaptureTimestamp, parseCaptureId, timestampToIso } from '../../electron/engine/capture/captureId.ts';

test('a timestamp is the UTC time without separators, and reads back', () => {
  const date = new Date(Date.UTC(2026, 10, 21, 10, 15, 0, 123));
  const ts = captureTimestamp(date);
  assert.equal(ts, '20261121T101500.123Z');
  assert.equal(timestampToIso(ts), date.toISOString());
  assert.doesNotMatch(ts, /[:\\/<>|?*"]/);
  // Times that are not whole seconds or that fall on odd milliseconds keep their three digits.
  assert.equal(captureTimestamp(new Date(Date.UTC(2027, 0, 2, 3, 4, 5, 6))), '20270102T030405.006Z');
});

test('only real timestamps of the exact form are accepted', () => {
  for (const bad of ['20261121T101500Z', '20261121T101500.12Z', '20260230T101500.123Z', '20261121T251500.123Z', '2026-11-21T10:15:00.123Z', '', '20261121T101500.123Z/..']) {
    assert.equal(isCaptureTimestamp(bad), false, bad);
  }
  assert.equal(isCaptureTimestamp('20240229T235959.999Z'), true);
});

function invalid(id: unknown): BranchyardError {
  try {
    parseCaptureId(id);
  } catch (e) {
    assert.ok(e instanceof BranchyardError);
    assert.equal(e.kind, 'invalid-input');
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(id)}`);
}

test('ids are <stack>/<timestamp>, and nothing that could escape the capture folder', () => {
  assert.deepEqual(parseCaptureId('hydra-main/20261121T101500.123Z'), { stack: 'hydra-main', timestamp: '20261121T101500.123Z' });
  for (const bad of [
    '../20261121T101500.123Z',
    '../../etc/20261121T101500.123Z',
    '/abs/20261121T101500.123Z',
    'hydra/../20261121T101500.123Z',
    'hydra\\..\\x/20261121T101500.123Z',
    'Hydra/20261121T101500.123Z',
    'hydra/20261121T101500.123Z/x',
    'hydra/..',
    'hydra',
    '',
    42,
    undefined,
  ]) {
    const e = invalid(bad);
    assert.equal(e.details.issues?.[0].field, 'id', String(bad));
  }
  assert.match(invalid('hydra/nope').message, /'nope' is not a capture timestamp like 20261121T101500\.123Z/);
});

test('stack names given to down and captures follow the stack name rules', () => {
  assert.equal(checkStackName('hydra-main'), 'hydra-main');
  for (const bad of ['..', 'a/b', '', 'UPPER', '-x', undefined]) assert.throws(() => checkStackName(bad), BranchyardError, String(bad));
});
