// When the live status is news for a notification: a stack coming up turns ready or failed;
// the first list, stacks already running, stops and gone stacks are not news.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ServiceStatus, type StackStatus, stackState } from '../../shared/stack/status.ts';
import { ReadinessTracker, failedServices, newsText } from '../../renderer/src/notify/stackReadiness.ts';

function service(name: string, o: Partial<ServiceStatus> = {}): ServiceStatus {
  return { name, containerId: `id-${name}`, containerName: `s-${name}`, image: 'img', ip: '10.0.0.2', state: 'running', health: 'none', dependsOn: {}, ...o };
}

/** A stack with its status computed as the engine computes it. */
function stack(services: ServiceStatus[], missing: string[] = [], name = 'shop-main'): StackStatus {
  return { name, template: 'shop', branch: 'main', subnet: '10.210.3.0/24', status: stackState(services, missing), services, missing };
}

const db = (o: Partial<ServiceStatus> = {}) => service('db', o);
const app = (o: Partial<ServiceStatus> = {}) => service('app', o);

/** Feeds the statuses one after the other as `stack` events of a loaded page; returns the news kinds. */
function run(steps: (StackStatus | null)[], o: { t?: ReadinessTracker; first?: StackStatus } = {}): string[] {
  const t = o.t ?? new ReadinessTracker();
  let before = o.first;
  const kinds: string[] = [];
  for (const s of steps) {
    const n = t.update('shop-main', before, s, true);
    if (n) kinds.push(n.kind);
    before = s ?? undefined;
  }
  return kinds;
}

test('an up seen from the start: incomplete, created but not started, starting, running is one "ready"', () => {
  const steps = [
    stack([], ['db', 'app']),
    stack([db({ state: 'created' })], ['app']),
    stack([db({ health: 'starting' }), app({ state: 'created' })]),
    stack([db({ health: 'starting' }), app()]),
    stack([db({ health: 'healthy' }), app()]),
    stack([db({ health: 'healthy' }), app()]),
  ];
  assert.equal(steps[2].status, 'incomplete', 'a service created and not started makes the stack incomplete');
  assert.deepEqual(run(steps), ['ready']);
});

test('a new stack that appears already running (events coalesced) is ready; one that appears stopped is not', () => {
  assert.deepEqual(run([stack([db(), app()])]), ['ready']);
  assert.deepEqual(run([stack([db({ state: 'exited', exitCode: 0 }), app({ state: 'exited', exitCode: 143 })])]), []);
});

test('a service failing on the way is one "failed": unhealthy, exited with an error, restarting, dead', () => {
  for (const bad of [db({ health: 'unhealthy' }), db({ state: 'exited', exitCode: 3 }), db({ state: 'restarting' }), db({ state: 'dead' })]) {
    const starting = stack([db({ health: 'starting' }), app({ state: 'created' })]);
    assert.deepEqual(run([starting, stack([bad, app({ state: 'created' })]), stack([bad, app({ state: 'created' })])], { first: starting }), ['failed'], JSON.stringify(bad));
  }
  // Failing while incomplete (the dependants were never created) counts too.
  assert.deepEqual(run([stack([], ['db', 'app']), stack([db({ state: 'exited', exitCode: 1 })], ['app'])]), ['failed']);
});

test('no news: a running stack that crashes, is stopped by hand, or goes away; a stopped one started without waiting', () => {
  const running = stack([db(), app()]);
  assert.deepEqual(run([stack([db(), app({ state: 'exited', exitCode: 1 })])], { first: running }), []);
  assert.deepEqual(run([stack([db(), app({ state: 'exited', exitCode: 143 })]), null], { first: running }), []);
  const stopped = stack([db({ state: 'exited', exitCode: 143 }), app({ state: 'exited', exitCode: 143 })]);
  assert.equal(stopped.status, 'stopped');
  assert.deepEqual(run([running], { first: stopped }), []);
  // A stop on request (143, 130) is not a failure.
  assert.deepEqual(failedServices(stopped), []);
});

test('a stack stopped while coming up is no longer coming up; started again and waited for, it is ready', () => {
  const t = new ReadinessTracker();
  const starting = stack([db({ health: 'starting' }), app()]);
  const stopped = stack([db({ state: 'exited', exitCode: 143 }), app({ state: 'exited', exitCode: 143 })]);
  assert.deepEqual(run([starting, stopped, stack([db(), app()])], { t }), []);
  assert.deepEqual(run([starting, stack([db({ health: 'healthy' }), app()])], { t, first: stopped }), ['ready']);
});

test('the first list is never news, but what was coming up in it is followed', () => {
  const t = new ReadinessTracker();
  const starting = stack([db({ health: 'starting' }), app()]);
  const done = stack([db({ health: 'healthy' }), app()], [], 'done-main');
  assert.deepEqual(t.snapshot([], [starting, done], false), []);
  assert.equal(t.update('shop-main', starting, stack([db({ health: 'healthy' }), app()]), true)?.kind, 'ready');
  assert.equal(t.update('done-main', done, done, true), undefined);
});

test('a later list after a reconnect is compared with what was shown', () => {
  const t = new ReadinessTracker();
  const starting = stack([db({ health: 'starting' }), app()]);
  t.snapshot([], [starting], false);
  const ready = stack([db({ health: 'healthy' }), app()]);
  const news = t.snapshot([starting], [ready, stack([db()], [], 'new-main')], true);
  assert.deepEqual(
    news.map((n) => [n.kind, n.stack.name]),
    [
      ['ready', 'shop-main'],
      ['ready', 'new-main'],
    ],
  );
  // Gone from the list: forgotten, so its return is news again.
  assert.deepEqual(t.snapshot([ready], [], true), []);
});

test('the words of the news', () => {
  assert.deepEqual(newsText({ kind: 'ready', stack: stack([db({ health: 'healthy' }), app()]) }), {
    title: 'shop-main is ready',
    body: '2 of 2 services running · branch main · 10.210.3.0/24',
  });
  const failed = stack([db({ health: 'unhealthy' }), app({ state: 'exited', exitCode: 2 })]);
  assert.deepEqual(newsText({ kind: 'failed', stack: failed, failed: failedServices(failed) }), { title: 'shop-main failed', body: 'db is unhealthy; app exited with 2' });
});

test('a service failing again and again (a restart loop) is announced once, until the stack was ready', () => {
  const t = new ReadinessTracker();
  const starting = stack([db({ health: 'starting' }), app()]);
  const failing = stack([db({ state: 'exited', exitCode: 3 }), app()]);
  const ready = stack([db({ health: 'healthy' }), app()]);
  assert.deepEqual(run([starting, failing, starting, failing, stack([db({ state: 'restarting' }), app()]), starting, failing], { t }), ['failed']);
  assert.deepEqual(run([starting, ready, starting, failing], { t, first: failing }), ['ready', 'failed']);
});
