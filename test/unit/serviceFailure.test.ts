// Failed is not stopped: which containers the listing can judge alone, what the inspect document
// says of the others, and which missing services were not started because of a failed one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { type ServiceStatus, blockedServices, servicesSummary } from '../../shared/stack/status.ts';
import { failureOf, needsInspect } from '../../electron/engine/stacks/serviceFailure.ts';

const listed = (State: string, Status: string) => ({ State, Status });

test('the listing alone clears running, exit 0 and SIGTERM exits; everything else is inspected', () => {
  assert.equal(needsInspect(listed('running', 'Up 3 minutes')), false);
  assert.equal(needsInspect(listed('running', 'Up 3 minutes (healthy)')), false);
  assert.equal(needsInspect(listed('running', 'Up 3 minutes (unhealthy)')), true);
  assert.equal(needsInspect(listed('exited', 'Exited (0) 2 seconds ago')), false);
  assert.equal(needsInspect(listed('exited', 'Exited (143) 2 seconds ago')), false);
  assert.equal(needsInspect(listed('exited', 'Exited (137) 2 seconds ago')), true, 'SIGKILL: a stop past its grace period, or the OOM killer');
  assert.equal(needsInspect(listed('exited', 'Exited (3) 2 seconds ago')), true);
  assert.equal(needsInspect(listed('restarting', 'Restarting (1) 1 second ago')), true);
  assert.equal(needsInspect(listed('dead', 'Dead')), true);
  assert.equal(needsInspect(listed('created', 'Created')), true);
});

function inspected(state: Partial<Docker.ContainerInspectInfo['State']>, stopSignal?: string): Docker.ContainerInspectInfo {
  return {
    State: { Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: '2026-01-01T10:00:00Z', FinishedAt: '2026-01-01T10:05:00Z', ...state },
    Config: { ...(stopSignal ? { StopSignal: stopSignal } : {}) },
  } as unknown as Docker.ContainerInspectInfo;
}

test('an exit code the stop signal does not explain is a failure, with the code and when', () => {
  assert.deepEqual(failureOf(inspected({ ExitCode: 3 })), { reason: 'exited with code 3', exitCode: 3, finishedAt: '2026-01-01T10:05:00Z' });
  assert.equal(failureOf(inspected({ ExitCode: 0 })), undefined);
  assert.equal(failureOf(inspected({ ExitCode: 143 })), undefined, 'SIGTERM');
  assert.equal(failureOf(inspected({ ExitCode: 137 })), undefined, 'killed after the grace period of a stop');
  assert.equal(failureOf(inspected({ ExitCode: 130 }, 'SIGINT')), undefined, 'its own stop signal');
  assert.equal(failureOf(inspected({ ExitCode: 130 }, '2')), undefined, 'a stop signal by number');
  assert.equal(failureOf(inspected({ ExitCode: 130 }))?.reason, 'exited with code 130', 'SIGINT is not this one’s stop signal');
  assert.equal(failureOf(inspected({ ExitCode: 139 }))?.exitCode, 139, 'a segfault');
});

test('OOM, an engine error, dead, restart loops and unhealthy are failures with their why', () => {
  assert.deepEqual(failureOf(inspected({ ExitCode: 137, OOMKilled: true })), { reason: 'killed: out of memory', exitCode: 137, oomKilled: true, finishedAt: '2026-01-01T10:05:00Z' });
  assert.equal(
    failureOf(inspected({ Status: 'created', ExitCode: 128, Error: 'driver failed programming external connectivity: port is already allocated', FinishedAt: '0001-01-01T00:00:00Z' }))?.reason,
    'could not start: driver failed programming external connectivity: port is already allocated',
  );
  assert.equal(failureOf(inspected({ Status: 'created', ExitCode: 0, FinishedAt: '0001-01-01T00:00:00Z' })), undefined);
  assert.equal(failureOf(inspected({ Status: 'dead', Dead: true, ExitCode: 1 }))?.reason, 'dead');
  assert.equal(failureOf(inspected({ Status: 'restarting', Running: true, Restarting: true, ExitCode: 1 }))?.reason, 'restarting after exit code 1');
  const sick = inspected({
    Status: 'running',
    Running: true,
    Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: '', End: '', ExitCode: 1, Output: 'ERROR 2002 (HY000):\n  Can\'t connect\n' }] },
  } as Partial<Docker.ContainerInspectInfo['State']>);
  assert.deepEqual(failureOf(sick), { reason: "unhealthy: ERROR 2002 (HY000): Can't connect" });
  const quiet = inspected({ Status: 'running', Running: true, Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: '', End: '', ExitCode: 2, Output: '' }] } } as Partial<Docker.ContainerInspectInfo['State']>);
  assert.equal(failureOf(quiet)?.reason, 'unhealthy: the probe exited with code 2');
  assert.equal(failureOf(inspected({ Status: 'running', Running: true, Health: { Status: 'healthy', FailingStreak: 0, Log: [] } } as Partial<Docker.ContainerInspectInfo['State']>)), undefined);
});

const svc = (name: string, failure?: ServiceStatus['failure']): ServiceStatus => ({
  name,
  containerId: `id-${name}`,
  containerName: name,
  image: 'x',
  ip: '',
  state: failure ? 'exited' : 'running',
  health: 'none',
  dependsOn: {},
  ...(failure ? { failure } : {}),
});

test('a service created and never started because what it waits for failed says so; so does what waits on it', () => {
  const services = [
    svc('db', { reason: 'exited with code 3', exitCode: 3 }),
    svc('cache'),
    { ...svc('app'), state: 'created' as const, dependsOn: { cache: 'service_started', db: 'service_healthy' } },
    { ...svc('web'), state: 'created' as const, dependsOn: { app: 'service_started' } },
    { ...svc('side'), state: 'created' as const, dependsOn: { cache: 'service_started' } },
  ];
  assert.deepEqual(Object.fromEntries(blockedServices(services)), {
    app: { service: 'db', reason: 'db failed: exited with code 3' },
    web: { service: 'app', reason: 'waits for app, which was not started' },
  });
  assert.equal(blockedServices([svc('db'), { ...svc('app'), state: 'created', dependsOn: { db: 'service_started' } }]).size, 0, 'an up cancelled first: no reason');
});

test('the summary names the failed services', () => {
  const stack = { name: 's', template: 't', status: 'degraded' as const, services: [svc('db', { reason: 'exited with code 3' }), svc('cache')] };
  assert.equal(servicesSummary(stack), '1/2 running (failed: db)');
  assert.equal(servicesSummary({ ...stack, expected: ['db', 'cache', 'app'], missing: ['app'] }), '2 of 3 services started (not created: app; failed: db)');
  assert.equal(servicesSummary({ ...stack, services: [svc('cache')] }), '1/1 running');
});
