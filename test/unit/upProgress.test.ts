// The per-service progress of an `up`, without Docker: a failure carries the engine's reason
// (exit code, OOM kill, engine error, last healthcheck output) and the last log lines, once per
// service however many waits saw it; a cancel is no failure.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import type { ProgressEvent } from '../../shared/api/stacks.ts';
import { BranchyardError, cancelledError } from '../../shared/errors/errors.ts';
import { PhaseReporter } from '../../electron/engine/stacks/execute/phaseReporter.ts';
import { failureReason } from '../../electron/engine/stacks/waitForService.ts';

type State = Docker.ContainerInspectInfo['State'];

function state(more: Partial<State>): State {
  return {
    Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false,
    Pid: 0, ExitCode: 0, Error: '', StartedAt: '', FinishedAt: '', ...more,
  };
}

test('an exit says its code; an OOM kill and an engine error are named', () => {
  assert.equal(failureReason(state({ ExitCode: 3 }), 'exited with code 3'), 'exited with code 3');
  assert.equal(
    failureReason(state({ ExitCode: 137, OOMKilled: true }), 'exited with code 137'),
    'exited with code 137 (OOMKilled: it ran out of memory)',
  );
  assert.equal(
    failureReason(state({ ExitCode: 127, Error: 'exec: "nope": executable file not found in $PATH' }), 'exited with code 127'),
    'exited with code 127 (engine: exec: "nope": executable file not found in $PATH)',
  );
});

test('unhealthy gives the last healthcheck\'s exit code and the last line of its output', () => {
  const st = state({
    Status: 'running',
    Running: true,
    Health: {
      Status: 'unhealthy',
      FailingStreak: 3,
      Log: [
        { Start: '', End: '', ExitCode: 1, Output: 'old\n' },
        { Start: '', End: '', ExitCode: 7, Output: 'connecting...\ncurl: (7) Failed to connect to localhost port 80\n' },
      ],
    },
  });
  assert.equal(failureReason(st, 'is unhealthy'), 'is unhealthy (last healthcheck exit 7: curl: (7) Failed to connect to localhost port 80)');
  // A healthy container's checks are no reason.
  assert.equal(failureReason(state({ Health: { Status: 'healthy', FailingStreak: 0, Log: [{ Start: '', End: '', ExitCode: 0, Output: 'ok' }] } }), 'exited with code 0'), 'exited with code 0');
});

test('a failed service is reported once, with reason, exit code and last lines', () => {
  const events: ProgressEvent[] = [];
  const r = new PhaseReporter((e) => events.push(e));
  const e = new BranchyardError('service-failed', "service 'db' exited with code 3\n  last log lines...", {
    service: 'db',
    reason: 'exited with code 3',
    exitCode: 3,
    logTail: ['starting', 'cannot open datadir'],
  });
  r.failed('db', e);
  r.failed('db', e); // a second waiter saw the same failure
  assert.deepEqual(events, [
    { service: 'db', phase: 'failed', message: 'failed: exited with code 3', failure: { reason: 'exited with code 3', exitCode: 3, lastLines: ['starting', 'cannot open datadir'] } },
  ]);
});

test('an error without a reason gives its message; a cancel is not reported', () => {
  const events: ProgressEvent[] = [];
  const r = new PhaseReporter((e) => events.push(e));
  r.failed('web', cancelledError('cancelled while waiting'));
  r.failed('web', new Error('socket hang up'));
  assert.deepEqual(events, [{ service: 'web', phase: 'failed', message: 'failed: socket hang up', failure: { reason: 'socket hang up', lastLines: [] } }]);
});

test('once: a service several others wait on is healthy once', () => {
  const events: ProgressEvent[] = [];
  const r = new PhaseReporter((e) => events.push(e));
  r.once('db', 'healthy', 'healthy');
  r.once('db', 'healthy', 'healthy');
  r.phase('db', 'running', 'running');
  assert.deepEqual(events.map((e) => `${e.service}:${e.phase}`), ['db:healthy', 'db:running']);
});
