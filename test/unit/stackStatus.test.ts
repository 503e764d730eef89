// What `ls`, `ps` and the app say about a stack, from its containers alone: an `up` that did not
// finish (services with no container, or created and never started) is "incomplete", and the
// summary says how far it got.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ServiceStatus, type StackStatus, neverStarted, servicesSummary, stackState } from '../../shared/stack/status.ts';

function svc(name: string, state: ServiceStatus['state'], more: Partial<ServiceStatus> = {}): ServiceStatus {
  return { name, containerId: `id-${name}`, containerName: `s-${name}`, image: 'img', ip: '', state, health: 'none', dependsOn: {}, ...more };
}

function stack(services: ServiceStatus[], expected?: string[]): StackStatus {
  const missing = expected?.filter((e) => !services.some((s) => s.name === e));
  return {
    name: 's',
    template: 't',
    services,
    ...(expected ? { expected, missing } : {}),
    notStarted: neverStarted(services),
    status: stackState(services, missing),
  };
}

test('every service running and healthy: running, "3/3 running"', () => {
  const s = stack([svc('db', 'running', { health: 'healthy' }), svc('app', 'running'), svc('web', 'running')], ['db', 'app', 'web']);
  assert.equal(s.status, 'running');
  assert.equal(servicesSummary(s), '3/3 running');
});

test('a service with no container: incomplete, "not created"', () => {
  const s = stack([svc('db', 'running'), svc('side', 'running')], ['db', 'app', 'side']);
  assert.equal(s.status, 'incomplete');
  assert.equal(servicesSummary(s), '2 of 3 services started (not created: app)');
});

test('a container created and never started: incomplete, "not started", though nothing is missing', () => {
  const s = stack([svc('slow', 'running'), svc('app', 'created')], ['slow', 'app']);
  assert.deepEqual(s.missing, []);
  assert.deepEqual(s.notStarted, ['app']);
  assert.equal(s.status, 'incomplete');
  assert.equal(servicesSummary(s), '1 of 2 services started (not started: app)');
});

test('both: the summary names each', () => {
  const s = stack([svc('db', 'running'), svc('app', 'created'), svc('web', 'created')], ['db', 'app', 'web', 'cron']);
  assert.equal(s.status, 'incomplete');
  assert.equal(servicesSummary(s), '1 of 4 services started (not started: app, web; not created: cron)');
});

test('nothing started at all, and a stack whose labels do not list the file\'s services', () => {
  assert.equal(servicesSummary(stack([svc('a', 'created'), svc('b', 'created')], ['a', 'b'])), '0 of 2 services started (not started: a, b)');
  const old = stack([svc('a', 'running'), svc('b', 'created')]);
  assert.equal(old.status, 'incomplete');
  assert.equal(servicesSummary(old), '1 of 2 services started (not started: b)');
});

test('a started service that stopped is not "not started": a stopped stack is stopped, not incomplete', () => {
  const s = stack([svc('db', 'exited', { exitCode: 0 }), svc('app', 'exited', { exitCode: 137 })], ['db', 'app']);
  assert.equal(s.status, 'stopped');
  assert.equal(servicesSummary(s), '0/2 running');
});

test('the summary works out the never-started services itself when the status does not list them', () => {
  const s: StackStatus = { name: 's', template: 't', status: 'incomplete', services: [svc('a', 'running'), svc('b', 'created')] };
  assert.equal(servicesSummary(s), '1 of 2 services started (not started: b)');
});

test('empty, degraded, starting as before', () => {
  assert.equal(stackState([]), 'empty');
  assert.equal(stackState([svc('a', 'running'), svc('b', 'exited', { exitCode: 1 })]), 'degraded');
  assert.equal(stackState([svc('a', 'running', { health: 'starting' })]), 'starting');
  assert.equal(stackState([svc('a', 'running', { health: 'unhealthy' })]), 'degraded');
});
