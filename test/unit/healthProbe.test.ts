// The command an up runs for a dependency's healthcheck is the one the engine would run; the exec
// events of those runs do not wake the waits.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeCommand } from '../../electron/engine/stacks/healthProbe.ts';
import { mayChangeState } from '../../electron/engine/stacks/waitForService.ts';

test('CMD runs its arguments as they are', () => {
  assert.deepEqual(probeCommand(['CMD', 'test', '-f', '/tmp/ready']), ['test', '-f', '/tmp/ready']);
});

test("CMD-SHELL runs through the container's shell, /bin/sh -c unless it sets one", () => {
  assert.deepEqual(probeCommand(['CMD-SHELL', 'redis-cli ping | grep -q PONG']), ['/bin/sh', '-c', 'redis-cli ping | grep -q PONG']);
  assert.deepEqual(probeCommand(['CMD-SHELL', 'exit 0'], ['/bin/bash', '-ec']), ['/bin/bash', '-ec', 'exit 0']);
  assert.deepEqual(probeCommand(['CMD-SHELL', 'exit 0'], []), ['/bin/sh', '-c', 'exit 0']);
});

test('nothing to run: NONE, an empty test, a form the engine does not know', () => {
  assert.equal(probeCommand(['NONE']), undefined);
  assert.equal(probeCommand([]), undefined);
  assert.equal(probeCommand(undefined), undefined);
  assert.equal(probeCommand(['CMD']), undefined);
  assert.equal(probeCommand(['SHELL', 'true']), undefined);
});

test("a wait is not woken by the exec events of healthcheck runs, only by what may change the container's state", () => {
  for (const a of ['exec_create: /bin/sh -c true', 'exec_start: /bin/sh -c true', 'exec_die', 'attach', 'resize', 'top']) assert.equal(mayChangeState(a), false, a);
  for (const a of ['start', 'die', 'stop', 'kill', 'oom', 'restart', 'pause', 'destroy', 'health_status: healthy', 'health_status: unhealthy', undefined]) {
    assert.equal(mayChangeState(a), true, String(a));
  }
});
