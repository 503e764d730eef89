// Control of a running stack through the real command line on the real engine: stop, start,
// restart and recreate a service on the same IP; a stack whose containers were all stopped
// behind the tool's back (as an engine restart leaves them) and whose network is gone comes
// back with `start` on the same IPs, DNS names included; a failed service is failed, with its
// exit code, and what waited for it is "not started" with the reason.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, cliProcess, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('control');
const tmp = tempDir();
const stack = `${prefix}-main`;
const failing = `${prefix}-fail`;

const file = tmp.write(
  'stack.yml',
  `
name: ${prefix}
x-branchyard:
  subnet: 10.231.41.0/24
services:
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    command: [redis-server, --protected-mode, "no", --bind, 0.0.0.0, --requirepass, "pw"]
    x-ip: 12
  app:
    image: ${IMAGES.app}
    depends_on: { redis: { condition: service_healthy } }
    x-ip: 20
`,
);

const failFile = tmp.write(
  'fail.yml',
  `
name: ${prefix}f
x-branchyard:
  subnet: 10.231.42.0/24
services:
  boom:
    image: ${IMAGES.app}
    command: [sh, -c, "echo going down >&2; exit 3"]
    x-ip: 10
  after:
    image: ${IMAGES.app}
    depends_on: { boom: { condition: service_completed_successfully } }
    x-ip: 11
`,
);

async function ps(name = stack): Promise<StackStatus> {
  const r = await cli(['ps', name, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

const svc = (s: StackStatus, name: string) => s.services.find((x) => x.name === name)!;

describe('stack control', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('stops, starts, restarts and recreates a service on the same IP', async () => {
    const up = await cli(['up', file, '--name', stack, '--wait', '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    const first = await ps();

    const stop = await cli(['stop', stack, 'app']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stderr, /\[app\] stopping\n\[app\] stopped/);
    let now = await ps();
    assert.equal(svc(now, 'app').state, 'exited');
    assert.equal(svc(now, 'app').failure, undefined, 'stopped is not failed');
    assert.equal(svc(now, 'redis').state, 'running', 'only the service named');

    const start = await cli(['start', stack, 'app', '--wait']);
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /^app: started on 10\.231\.41\.20$/m);
    now = await ps();
    assert.equal(svc(now, 'app').state, 'running');
    assert.equal(svc(now, 'app').containerId, svc(first, 'app').containerId);

    const before = await docker.getContainer(svc(now, 'app').containerId).inspect();
    const restart = await cli(['restart', stack, 'app', '--json']);
    assert.equal(restart.code, 0, restart.stderr);
    assert.deepEqual(JSON.parse(restart.stdout).services, [{ name: 'app', action: 'restarted', ip: '10.231.41.20' }]);
    const restarted = await docker.getContainer(svc(now, 'app').containerId).inspect();
    assert.notEqual(restarted.State.StartedAt, before.State.StartedAt, 'it really ran again');

    const recreate = await cli(['recreate', stack, 'redis', '--wait']);
    assert.equal(recreate.code, 0, recreate.stderr);
    now = await ps();
    assert.notEqual(svc(now, 'redis').containerId, svc(first, 'redis').containerId, 'a new container');
    assert.equal(svc(now, 'redis').ip, '10.231.41.12');
    assert.equal(svc(now, 'redis').health, 'healthy');
    assert.equal(svc(now, 'app').containerId, svc(first, 'app').containerId, 'the others are untouched');
  });

  it('after every container was stopped behind its back and its network removed, start brings the stack back on the same IPs', async () => {
    const was = await ps();
    // What an engine restart leaves (but dockerd is shared here, so only this stack's containers).
    await Promise.all(was.services.map((s) => docker.getContainer(s.containerId).stop()));
    let now = await ps();
    assert.equal(now.status, 'stopped');
    assert.ok(now.services.every((s) => !s.failure), 'stopped by a signal is not failed');
    await docker.getNetwork(was.network!).remove();

    const start = await cli(['start', stack, '--wait', '--timeout', '120']);
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stderr, /network \S+ is gone: making it again on 10\.231\.41\.0\/24/);
    now = await ps();
    assert.equal(now.status, 'running');
    assert.equal(now.subnet, '10.231.41.0/24');
    assert.deepEqual(
      now.services.map((s) => [s.name, s.ip, s.containerId]),
      was.services.map((s) => [s.name, s.ip, s.containerId]),
    );
    // The service name still resolves inside the stack: the alias came back with the address.
    const ping = await execIn(svc(now, 'app').containerId, ['redis-cli', '-h', 'redis', '-a', 'pw', 'ping']);
    assert.match(ping.output, /PONG/);
  });

  it('stop and start of a whole stack follow the dependency order', async () => {
    const stop = await cli(['stop', stack]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.ok(stop.stderr.indexOf('[app] stopped') < stop.stderr.indexOf('[redis] stopping'), stop.stderr);
    // --wait: without it, start returns once app is started, which may be before Docker's own
    // first check calls redis healthy (app starts as soon as our run of redis's check passes).
    const start = await cli(['start', stack, '--wait', '--timeout', '120']);
    assert.equal(start.code, 0, start.stderr);
    // app starts once redis's check passed: our own run of it, or Docker's, whichever came first.
    const passed = Math.min(...['[redis] healthy', '[redis] healthcheck passed'].map((m) => start.stderr.indexOf(m)).filter((i) => i >= 0));
    assert.ok(passed < start.stderr.indexOf('[app] started'), start.stderr);
    assert.equal((await ps()).status, 'running');
  });

  it('a failed service shows as failed with its exit code; what waited for it is not started, saying why', async () => {
    const up = await cli(['up', failFile, '--name', failing]);
    assert.equal(up.code, 1);
    assert.match(up.stderr, /service 'boom' exited with code 3/);
    const status = await ps(failing);
    assert.deepEqual(svc(status, 'boom').failure && { reason: svc(status, 'boom').failure!.reason, exitCode: svc(status, 'boom').failure!.exitCode }, {
      reason: 'exited with code 3',
      exitCode: 3,
    });
    assert.deepEqual(status.notStarted, ['after']);
    assert.deepEqual(svc(status, 'after').blockedBy, { service: 'boom', reason: 'boom failed: exited with code 3' });
    const table = await cli(['ps', failing]);
    assert.match(table.stdout, /^boom\s+failed \(3\)/m);
    assert.match(table.stdout, /^after\s+created/m);
    assert.match(table.stdout, /^after: not started: boom failed: exited with code 3$/m);
    const ls = await cli(['ls']);
    assert.match(ls.stdout, new RegExp(`${failing}\\s+incomplete.*not started: after; failed: boom`));
  });

  it('a start waiting on a healthcheck that never passes is cancelled by Ctrl-C, saying what it had done', async () => {
    // slow is healthy on its first run only: started again, it never is, so app waits for it.
    const stuckFile = tmp.write(
      'stuck.yml',
      `
name: ${prefix}s
services:
  slow:
    image: ${IMAGES.app}
    command: [sh, -c, "if [ -e /tmp/ran ]; then rm -f /tmp/ok; else touch /tmp/ran /tmp/ok; fi; trap 'exit 0' TERM; sleep infinity & wait"]
    healthcheck: { test: [CMD, test, -f, /tmp/ok], interval: 500ms }
  app:
    image: ${IMAGES.app}
    depends_on: { slow: { condition: service_healthy } }
`,
    );
    const stuck = `${prefix}-stuck`;
    assert.equal((await cli(['up', stuckFile, '--name', stuck, '--wait'])).code, 0);
    assert.equal((await cli(['stop', stuck])).code, 0);
    const child = cliProcess(['start', stuck]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // app waits from the first moment; once slow is started, that wait is all that is left.
        if (stderr.includes('[slow] started on')) resolve();
      });
      child.on('close', () => reject(new Error(`start ended before it waited: ${stderr}`)));
    });
    assert.match(stderr, /\[app\] waiting for slow to be healthy/);
    const t0 = Date.now();
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 130, stderr);
    assert.ok(Date.now() - t0 < 2500, 'it ends at once');
    assert.match(stderr, /cancelled\. Done: start slow\. Not done: start app\./);
    const status = await ps(stuck);
    assert.equal(svc(status, 'app').state, 'exited', 'app was not started');
    assert.equal((await cli(['down', stuck, '--no-capture'])).code, 0);
  });

  it('bad names are refused with what is wrong, changing nothing', async () => {
    const unknownService = await cli(['stop', stack, 'nope']);
    assert.equal(unknownService.code, 2);
    assert.match(unknownService.stderr, /has no container of service 'nope'/);
    assert.equal((await ps()).status, 'running');
    const unknownStack = await cli(['start', `${prefix}-nothing`]);
    assert.equal(unknownStack.code, 1);
    assert.match(unknownStack.stderr, /no stack named '\S+-nothing'/);
    const noService = await cli(['recreate', stack]);
    assert.equal(noService.code, 2);
    assert.match(noService.stderr, /usage: branchyard recreate STACK SERVICE/);
    const badName = await cli(['restart', '../etc']);
    assert.equal(badName.code, 2);
  });

  it('down leaves nothing behind', async () => {
    for (const s of [stack, failing]) assert.equal((await cli(['down', s, '--volumes'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
