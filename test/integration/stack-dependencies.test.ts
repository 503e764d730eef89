// depends_on conditions on the real engine: order, completed one-shots, failed one-shots, and the
// engine refusing a second `up` that races for the same subnet.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectEngine } from '../../electron/engine/docker/connect.ts';
import { candidateSubnets } from '../../electron/engine/networks/allocateSubnet.ts';
import { ensureStackNetwork } from '../../electron/engine/networks/stackNetwork.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { type Cidr, formatCidr, parseCidr } from '../../shared/net/ipv4.ts';
import { IMAGES, cli, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('dep');
const tmp = tempDir();

describe('dependencies', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('starts a dependant only after its dependency is healthy, and after a one-shot completed', async () => {
    const file = tmp.write(
      'deps.yml',
      `name: ${prefix}
services:
  db:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; sleep 2; touch /tmp/ready; sleep infinity & wait"]
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 500ms, start_period: 30s }
  migrate:
    image: ${IMAGES.app}
    command: [sh, -c, "sleep 1; echo migrated"]
    depends_on: { db: { condition: service_healthy } }
  app:
    image: ${IMAGES.app}
    depends_on:
      migrate: { condition: service_completed_successfully }
`,
    );
    const stack = `${prefix}-ok`;
    const r = await cli(['up', file, '--name', stack, '--wait', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { status: string; services: { name: string; containerId: string; state: string; exitCode?: number }[] };
    const byName = Object.fromEntries(out.services.map((s) => [s.name, s]));
    assert.equal(byName.migrate.state, 'exited');
    assert.equal(byName.migrate.exitCode, 0);
    assert.equal(out.status, 'running', 'a one-shot that completed does not make the stack degraded');
    const info = async (n: string) => docker.getContainer(byName[n].containerId).inspect();
    const [db, migrate, app] = await Promise.all([info('db'), info('migrate'), info('app')]);
    // db cannot be healthy before its 2 s sleep is over. Every container is created up front;
    // what the conditions order is when each starts.
    const healthyNoEarlierThan = Date.parse(db.State.StartedAt) + 2000;
    assert.ok(Date.parse(migrate.State.StartedAt) >= healthyNoEarlierThan, 'migrate was started after db turned healthy');
    assert.ok(Date.parse(app.State.StartedAt) >= Date.parse(migrate.State.FinishedAt), 'app was started after migrate finished');
    assert.ok(Date.parse(app.Created) < Date.parse(migrate.State.FinishedAt), 'app was created before, while migrate ran');
    assert.equal((await cli(['down', stack])).code, 0);
  });

  it('a one-shot that fails stops its dependants, naming it', async () => {
    const file = tmp.write(
      'fails.yml',
      `name: ${prefix}
services:
  migrate:
    image: ${IMAGES.app}
    command: [sh, -c, "echo duplicate column >&2; exit 1"]
  app:
    image: ${IMAGES.app}
    depends_on: { migrate: { condition: service_completed_successfully } }
`,
    );
    const stack = `${prefix}-fail`;
    const r = await cli(['up', file, '--name', stack]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /service 'migrate' exited with code 1/);
    assert.match(r.stderr, /duplicate column/);
    const ps = await cli(['ps', stack, '--json']);
    const status = JSON.parse(ps.stdout) as { status: string; notStarted: string[]; services: { name: string; state: string }[] };
    assert.deepEqual(status.services.map((s) => `${s.name} ${s.state}`), ['app created', 'migrate exited'], 'app was created, never started');
    assert.equal(status.status, 'incomplete');
    assert.deepEqual(status.notStarted, ['app']);
    assert.equal((await cli(['down', stack])).code, 0);
  });

  it('two stacks racing for one subnet end up on different ones', async () => {
    const engine = await connectEngine();
    const pool = parseCidr('10.234.0.0/23') as Cidr;
    // Two names whose first choice is the same subnet, so both try it at once.
    const first = (n: string) => formatCidr(candidateSubnets(n, pool, [])[0]);
    const a = `${prefix}-race-a`;
    let b = `${prefix}-race-b0`;
    for (let i = 1; first(b) !== first(a); i++) b = `${prefix}-race-b${i}`;
    const labels = (stack: string) => ({ [LABEL.stack]: stack });
    const progress = () => {};
    const [na, nb] = await Promise.all(
      [a, b].map((stack) => ensureStackNetwork(engine.docker, { stack, labels: labels(stack), pool, progress })),
    );
    assert.notEqual(formatCidr(na.subnet), formatCidr(nb.subnet));
    for (const s of [a, b]) assert.equal((await cli(['down', s])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
