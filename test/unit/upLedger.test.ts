// The line a cancelled `up` leaves: what was done and what was not, in the plan's order whatever
// order the parallel steps finished in. Containers to create are all created first, then started.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedService, UpPlan } from '../../shared/api/plan.ts';
import { Ledger } from '../../electron/engine/stacks/execute/ledger.ts';

function plan(services: Pick<PlannedService, 'service' | 'action'>[]): UpPlan {
  return {
    stack: 's',
    template: 't',
    networks: [{ network: 'default', name: 's_default', subnet: '10.1.2.0/24', action: 'create' }],
    volumes: [],
    builds: [],
    pulls: [],
    services: services.map((s) => ({ ...s, ip: '10.1.2.10', reasons: [] })),
    orphans: [],
    untouched: [],
  };
}

test('creates first, then starts; done in plan order however the steps finished', () => {
  const l = new Ledger(plan([{ service: 'slow', action: 'create' }, { service: 'app', action: 'create' }]));
  l.did('create app');
  l.did('network s_default');
  l.did('start slow');
  l.did('create slow');
  assert.deepEqual(l.done, ['network s_default', 'create slow', 'create app', 'start slow']);
  assert.deepEqual(l.notDone(), ['start app']);
  assert.equal(l.summary(), 'Done: network s_default, create slow, create app, start slow. Not done: start app.');
});

test('kept services are no step; start and recreate are one step each', () => {
  const l = new Ledger(plan([{ service: 'db', action: 'keep' }, { service: 'app', action: 'recreate' }, { service: 'web', action: 'start' }]));
  assert.equal(l.summary(), 'Done: nothing. Not done: network s_default, recreate app, start web.');
  l.did('recreate app');
  l.did('recreate app');
  assert.deepEqual(l.done, ['recreate app']);
});
