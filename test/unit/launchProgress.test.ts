import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpPlan } from '../../shared/api/plan.ts';
import { BUILD_LOG_LINES, applyAll, applyProgress, isSettled, phaseText, progressFromPlan } from '../../renderer/src/environments/launchProgress.ts';

const plan: UpPlan = {
  stack: 'shop-main',
  template: 'shop',
  branch: 'main',
  networks: [{ network: 'default', name: 'shop-main_default', subnet: '10.210.3.0/24', action: 'create' }],
  volumes: [],
  builds: [{ service: 'app', image: 'qa/shop:main', via: 's2i', action: 'build', reasons: ['no image yet'] }],
  pulls: [{ image: 'redis:7', services: ['redis'] }],
  services: [
    { service: 'redis', action: 'create', reasons: ['no container yet'], ip: '10.210.3.12' },
    { service: 'app', action: 'create', reasons: ['no container yet'], ip: '10.210.3.20' },
  ],
  orphans: [],
  untouched: [],
};

test('rows come from the plan in its order, each saying what will happen', () => {
  const p = progressFromPlan(plan);
  assert.deepEqual(p.rows.map((r) => [r.service, phaseText(r)]), [
    ['redis', 'to create'],
    ['app', 'to create'],
  ]);
  assert.match(p.rows[1].message, /will build qa\/shop:main \(no image yet\)/);
});

test('events move a service through its phases; bytes, waits and failures are shown while they apply', () => {
  let p = progressFromPlan(plan);
  p = applyProgress(p, { service: 'redis', message: 'pulling redis:7', phase: 'pulling' });
  p = applyProgress(p, { service: 'redis', message: 'redis:7: a Downloading', bytes: { done: 250, total: 1000 } });
  assert.equal(phaseText(p.rows[0]), 'pulling 25%');
  p = applyProgress(p, { service: 'redis', message: 'created on 10.210.3.12', phase: 'creating' });
  assert.equal(p.rows[0].bytes, undefined, 'bytes belong to the pull');
  p = applyProgress(p, { service: 'app', message: 'waiting for redis to be healthy', phase: 'waiting', waitingFor: [{ service: 'redis', condition: 'healthy' }] });
  assert.equal(phaseText(p.rows[1]), 'waiting for redis (healthy)');
  p = applyProgress(p, { service: 'redis', message: 'healthy', phase: 'healthy' });
  assert.ok(isSettled(p.rows[0]));
  p = applyProgress(p, { service: 'app', message: 'exited', phase: 'failed', failure: { reason: 'exited with code 3', exitCode: 3, lastLines: ['boom'] } });
  assert.equal(phaseText(p.rows[1]), 'failed (exit 3)');
  assert.equal(p.rows[1].waitingFor, undefined);
  assert.deepEqual(p.rows[1].failure?.lastLines, ['boom']);
  assert.ok(isSettled(p.rows[1]));
});

test('build log lines are kept apart from the status message, bounded', () => {
  let p = progressFromPlan(plan);
  p = applyProgress(p, { service: 'app', message: 'building qa/shop:main', phase: 'building' });
  const lines = Array.from({ length: BUILD_LOG_LINES + 10 }, (_, i) => ({ service: 'app', message: `line ${i}`, buildLog: true }));
  p = applyAll(p, lines);
  assert.equal(p.rows[1].message, 'building qa/shop:main');
  assert.equal(p.rows[1].buildLog.length, BUILD_LOG_LINES);
  assert.equal(p.rows[1].buildLog.at(-1), `line ${BUILD_LOG_LINES + 9}`);
  assert.equal(p.rows[1].buildLog[0], 'line 10');
});

test('messages without a service and services the plan did not name are kept too', () => {
  let p = progressFromPlan(plan);
  p = applyProgress(p, { message: 'network shop-main on 10.210.3.0/24' });
  p = applyProgress(p, { service: 'old', message: 'removed (not in the file any more)', phase: 'removed' });
  assert.deepEqual(p.general, ['network shop-main on 10.210.3.0/24']);
  assert.equal(p.rows.at(-1)?.service, 'old');
  assert.equal(p.rows.at(-1)?.phase, 'removed');
});

test('an event returns a new progress object and leaves the old one as it was (React state)', () => {
  const before = progressFromPlan(plan);
  const after = applyProgress(before, { service: 'redis', message: 'x', phase: 'starting' });
  assert.notEqual(after, before);
  assert.equal(before.rows[0].phase, 'planned');
  assert.equal(after.rows[0].phase, 'starting');
});
