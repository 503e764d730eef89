// An `up` runs a dependency's healthcheck itself while dependants wait (stacks/healthProbe.ts):
// a dependant starts as soon as the check passes, long before the engine's own first check, while
// the health the engine reports stays its own; a check that fails still fails the up with the
// engine's reason; Ctrl-C while one of our runs is under way still ends the command within 2 s.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, cliProcess, docker, labelledObjects, removeAll, runPrefix, serviceStates, tempDir, untilStates } from './harness.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';

const prefix = runPrefix('hprobe');
const tmp = tempDir();

async function containerOf(stack: string, service: string) {
  const [c] = await docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${stack}`, `${LABEL.service}=${service}`] } });
  return docker.getContainer(c.Id).inspect();
}

describe("an up's own runs of a dependency's healthcheck", () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('start a dependant as soon as the check passes, run as the engine runs it; the engine still reports its own health', async () => {
    const stack = `${prefix}ok`;
    // db is ready after 1 s; the engine's first check is a minute away. The CMD-SHELL check only
    // passes when run as the engine would: as the container's user, in its working folder, with
    // its environment. cache's check is the CMD form.
    const file = tmp.write(
      'ok.yml',
      `name: ${stack}
services:
  db:
    image: ${IMAGES.app}
    user: nobody
    working_dir: /tmp
    environment: { MARK: "yes" }
    command: [sh, -c, "trap 'exit 0' TERM; sleep 1; touch /tmp/ready; sleep infinity & wait"]
    healthcheck:
      test: [CMD-SHELL, 'test "$$(id -un)" = nobody && test "$$PWD" = /tmp && test "$$MARK" = yes && test -f ready']
      interval: 60s
      start_period: 60s
  cache:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; touch /tmp/ready; sleep infinity & wait"]
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 60s, start_period: 60s }
  app:
    image: ${IMAGES.app}
    depends_on: { db: { condition: service_healthy }, cache: { condition: service_healthy } }
`,
    );
    const t0 = Date.now();
    const r = await cli(['up', file, '--name', stack]);
    const took = Date.now() - t0;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(took < 30_000, `up took ${took} ms: it waited for the engine's first check`);
    assert.match(r.stderr, /\[db\] healthcheck passed: starting its dependants/);
    assert.match(r.stderr, /\[cache\] healthcheck passed/);
    const [db, app] = await Promise.all([containerOf(stack, 'db'), containerOf(stack, 'app')]);
    const dbStarted = Date.parse(db.State.StartedAt);
    const appStarted = Date.parse(app.State.StartedAt);
    assert.ok(appStarted >= dbStarted + 1000, 'app started only once db was ready');
    assert.ok(appStarted < dbStarted + 15_000, `app started ${appStarted - dbStarted} ms after db, not at once`);
    assert.equal(db.State.Health?.Status, 'starting', 'the health shown is the engine\'s: its first check has not run yet');
    const ps = await cli(['ps', stack]);
    assert.match(ps.stdout, /^db\s+running\s+starting/m);
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
    assert.deepEqual(await labelledObjects(stack), []);
  });

  it("a check that fails still fails the up with the engine's reason, and the dependant is never started", async () => {
    const stack = `${prefix}sick`;
    const file = tmp.write(
      'sick.yml',
      `name: ${stack}
services:
  sick:
    image: ${IMAGES.app}
    healthcheck: { test: [CMD-SHELL, "echo probe says no; exit 1"], interval: 500ms, retries: 2 }
  app:
    image: ${IMAGES.app}
    depends_on: { sick: { condition: service_healthy } }
`,
    );
    const r = await cli(['up', file, '--name', stack, '--timeout', '60']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /service 'sick' is unhealthy \(last healthcheck exit 1: probe says no\)/);
    assert.doesNotMatch(r.stderr, /healthcheck passed/);
    assert.deepEqual(await serviceStates(stack), { sick: 'running', app: 'created' });
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
  });

  it('Ctrl-C while a run of the check is under way ends the up within 2 s', async () => {
    const stack = `${prefix}int`;
    // Each run of the check takes 5 s and fails: one is always in flight.
    const file = tmp.write(
      'int.yml',
      `name: ${stack}
services:
  slow:
    image: ${IMAGES.app}
    healthcheck: { test: [CMD-SHELL, "sleep 5; exit 1"], interval: 1h, timeout: 30s, start_period: 1h }
  app:
    image: ${IMAGES.app}
    depends_on: { slow: { condition: service_healthy } }
`,
    );
    const child = cliProcess(['up', file, '--name', stack, '--wait', '--timeout', '600']);
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    await untilStates(stack, { slow: 'running', app: 'created' });
    // Until our first run of the check is in the container.
    const slow = await containerOf(stack, 'slow');
    const probing = async () => (await docker.getContainer(slow.Id).top()).Processes.some((p: string[]) => p.join(' ').includes('sleep 5'));
    for (let i = 0; i < 200 && !(await probing()); i++) await new Promise((res) => setTimeout(res, 50));
    assert.ok(await probing(), 'a run of the check is under way in the container');
    const t0 = Date.now();
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    const tookMs = Date.now() - t0;
    assert.ok(tookMs < 2000, `SIGINT took ${tookMs} ms`);
    assert.equal(code, 130, err);
    assert.match(err, /Not done: start app\./);
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
    assert.deepEqual(await labelledObjects(stack), []);
  });
});
