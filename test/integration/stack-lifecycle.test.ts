// A MariaDB + Redis + app stack through the real command line on the real engine: fixed IPs,
// DNS by service name, idempotent up, recreate on the same IP, down leaving nothing behind.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('life');
const tmp = tempDir();
const template = `${prefix}`;

function stackFile(appEnv: string): string {
  return `
name: ${template}
x-branchyard:
  subnet: 10.231.7.0/24
services:
  mysql:
    x-preset: mysql
    image: ${IMAGES.mariadb}
    x-ip: 10
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    command: [redis-server, --protected-mode, "no", --bind, 0.0.0.0, --requirepass, "\${REDIS_PASSWORD:-secret}"]
    x-ip: 12
  app:
    image: ${IMAGES.app}
    environment: { RUN_CMD: make start_test, MARK: "${appEnv}", STACK_NAME: "\${STACK}" }
    depends_on:
      mysql: { condition: service_healthy }
      redis: { condition: service_started }
    x-ip: 20
`;
}

const file = tmp.write('stack.yml', stackFile('one'));
const stack = `${template}-feature-login`;

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

const service = (s: StackStatus, name: string) => s.services.find((x) => x.name === name)!;

describe('stack lifecycle', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('comes up healthy with every container on its fixed IP', async () => {
    const r = await cli(['up', file, '--branch', 'feature/login', '--wait', '--timeout', '120', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as StackStatus & { actions: { name: string; action: string }[] };
    assert.equal(out.name, stack);
    assert.equal(out.subnet, '10.231.7.0/24');
    assert.deepEqual(out.actions.map((a) => a.action).sort(), ['created', 'created', 'created']);
    const s = await ps();
    assert.equal(s.status, 'running');
    assert.equal(service(s, 'mysql').health, 'healthy');
    assert.equal(service(s, 'redis').health, 'healthy');
    for (const [name, ip] of [['mysql', '10.231.7.10'], ['redis', '10.231.7.12'], ['app', '10.231.7.20']]) {
      const info = await docker.getContainer(service(s, name).containerId).inspect();
      assert.equal(info.NetworkSettings.Networks[`${stack}_default`].IPAddress, ip, name);
      assert.equal(info.Config.Labels['io.branchyard.branch'], 'feature/login');
    }
    const appInfo = await docker.getContainer(service(s, 'app').containerId).inspect();
    assert.ok(appInfo.Config.Env.includes(`STACK_NAME=${stack}`), 'the STACK variable was interpolated');
  });

  it('reaches the other containers by IP and by service name', async () => {
    const app = service(await ps(), 'app').containerId;
    for (const host of ['10.231.7.10', 'mysql']) {
      const r = await execIn(app, ['mariadb-admin', 'ping', '-h', host, '--connect-timeout=5']);
      // Root may not log in from another host; a refusal still proves a MariaDB answered there.
      assert.match(r.output, /mysqld is alive|Access denied|is not allowed to connect to this MariaDB server/, `${host}: ${r.output}`);
    }
    for (const host of ['10.231.7.12', 'redis']) {
      const r = await execIn(app, ['redis-cli', '-h', host, '-a', 'secret', '--no-auth-warning', 'ping']);
      assert.equal(r.output.trim(), 'PONG', `${host}: ${r.output}`);
    }
  });

  it('up of an unchanged stack changes nothing', async () => {
    const before = await ps();
    const r = await cli(['up', file, '--branch', 'feature/login', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { actions: { action: string }[] };
    assert.deepEqual(out.actions.map((a) => a.action), ['unchanged', 'unchanged', 'unchanged']);
    const after = await ps();
    assert.deepEqual(after.services.map((x) => x.containerId), before.services.map((x) => x.containerId));
  });

  it('recreates a changed service on the same IP and leaves the others alone', async () => {
    const before = await ps();
    tmp.write('stack.yml', stackFile('two'));
    const r = await cli(['up', file, '--branch', 'feature/login', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const after = await ps();
    assert.notEqual(service(after, 'app').containerId, service(before, 'app').containerId);
    assert.equal(service(after, 'app').ip, '10.231.7.20');
    assert.equal(service(after, 'mysql').containerId, service(before, 'mysql').containerId);
    assert.equal(service(after, 'redis').containerId, service(before, 'redis').containerId);
    const info = await docker.getContainer(service(after, 'app').containerId).inspect();
    assert.equal(info.NetworkSettings.Networks[`${stack}_default`].IPAddress, '10.231.7.20');
  });

  it('recreates a container removed behind its back on the same IP', async () => {
    const before = await ps();
    await docker.getContainer(service(before, 'redis').containerId).remove({ force: true });
    const r = await cli(['up', file, '--branch', 'feature/login', '--wait', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const after = await ps();
    assert.equal(service(after, 'redis').ip, '10.231.7.12');
    assert.equal(service(after, 'redis').state, 'running');
  });

  it('ls lists the stack with its services', async () => {
    const r = await cli(['ls', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const mine = (JSON.parse(r.stdout) as StackStatus[]).find((s) => s.name === stack)!;
    assert.ok(mine, 'stack listed');
    assert.equal(mine.template, template);
    assert.equal(mine.branch, 'feature/login');
    assert.equal(mine.subnet, '10.231.7.0/24');
    assert.deepEqual(mine.services.map((s) => s.name), ['app', 'mysql', 'redis']);
    for (const s of mine.services) {
      assert.match(s.containerId, /^[0-9a-f]{64}$/);
      assert.ok(s.image && s.ip && s.state && s.health, JSON.stringify(s));
    }
    const text = await cli(['ls']);
    assert.match(text.stdout, new RegExp(`${stack}\\s+running`));
  });

  it('down removes everything labelled, and a second down is a no-op', async () => {
    const r = await cli(['down', stack, '--volumes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { removed: { containers: string[]; networks: string[]; volumes: string[] } };
    assert.equal(out.removed.containers.length, 3);
    assert.deepEqual(out.removed.networks, [`${stack}_default`]);
    assert.ok(out.removed.volumes.length >= 2, 'preset data volumes removed');
    // Stop order: dependants first (app before mysql), read from the progress lines.
    const lines = r.stderr.split('\n');
    assert.ok(lines.indexOf('[app] stopping') < lines.indexOf('[mysql] stopping'), r.stderr);
    assert.deepEqual(await labelledObjects(prefix), []);
    const again = await cli(['down', stack]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to remove/);
  });
});
