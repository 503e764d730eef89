// The presets' healthchecks must not write to the service's own log. A MySQL/MariaDB server with a
// root password logs every failed login ("Access denied for user 'root'@..."): a probe that does
// not authenticate floods the log once a second. On the real engine, with the MariaDB and Redis
// test images: a root password from the environment and one from a secret file, and a Redis with
// a password; after about 12 s of probes, no such line, and the password is nowhere in the
// healthcheck the engine shows. The mongo probe (no Mongo image can be pulled here) is run against
// a listener standing in for mongod: it must pass only for one on every address, not for the
// 127.0.0.1-only server of the mongo image's first-boot init.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { PRESETS } from '../../shared/stack/presets.ts';
import { IMAGES, cli, docker, execIn, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('hcn');
const tmp = tempDir();
const stack = `${prefix}-main`;
const PASSWORD = 's3cr3t pw!';
const FILE_PASSWORD = 'fr0m-a-file';
tmp.write('rootpw.txt', `${FILE_PASSWORD}\n`);

// What the official mysql/mariadb images do with MYSQL_ROOT_PASSWORD(_FILE), which the test image
// ignores: root (over TCP from 127.0.0.1 as the probe connects, and on the socket) gets the
// password. `$$` is a literal `$` after interpolation.
const SERVER = [
  'set -e',
  'pw="$${MYSQL_ROOT_PASSWORD:-}"',
  'if [ -n "$${MYSQL_ROOT_PASSWORD_FILE:-}" ]; then pw="$$(cat "$$MYSQL_ROOT_PASSWORD_FILE")"; fi',
  'mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld',
  `printf "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '%s';\\nALTER USER 'root'@'::1' IDENTIFIED BY '%s';\\n" "$$pw" "$$pw" > /tmp/init.sql`,
  'chown mysql /tmp/init.sql',
  'exec mariadbd --user=mysql --bind-address=0.0.0.0 --init-file=/tmp/init.sql',
];
const block = (lines: string[]) => lines.map((l) => `        ${l}`).join('\n');

const file = tmp.write(
  'stack.yml',
  `name: ${prefix}
x-branchyard:
  subnet: 10.244.120.0/24
secrets:
  rootpw: { file: ./rootpw.txt }
services:
  db:
    x-preset: mysql
    image: ${IMAGES.mariadb}
    environment: { MYSQL_ROOT_PASSWORD: "${PASSWORD}" }
    command:
      - sh
      - -c
      - |
${block(SERVER)}
    x-ip: 10
  dbfile:
    x-preset: mysql
    image: ${IMAGES.mariadb}
    environment: { MYSQL_ROOT_PASSWORD_FILE: /run/secrets/rootpw }
    secrets: [rootpw]
    command:
      - sh
      - -c
      - |
${block(SERVER)}
    x-ip: 11
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    command: [redis-server, --protected-mode, "no", --bind, 0.0.0.0, --requirepass, hunter2]
    x-ip: 12
  probe:
    image: ${IMAGES.app}
    x-ip: 20
`,
);

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

describe('preset healthchecks do not write to the service log', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('mysql with a root password (environment or file) and redis with a password: healthy, and no failed login logged', { timeout: 180_000 }, async () => {
    const up = await cli(['up', file, '--branch', 'main', '--wait', '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    // About a dozen probes of each (one a second on this engine; interval 1 s).
    await new Promise((r) => setTimeout(r, 12_000));
    const status = await ps();
    for (const name of ['db', 'dbfile', 'redis']) {
      const s = status.services.find((x) => x.name === name)!;
      assert.equal(s.health, 'healthy', `${name} is healthy`);
      const info = await docker.getContainer(s.containerId).inspect();
      const probes = info.State.Health?.Log ?? [];
      assert.ok(probes.length >= 5, `${name}: ${probes.length} probes ran`);
      assert.ok(probes.every((p) => p.ExitCode === 0), `${name}: every probe passed: ${JSON.stringify(probes.map((p) => p.Output))}`);
      const shown = JSON.stringify(info.Config.Healthcheck);
      assert.ok(!shown.includes(PASSWORD) && !shown.includes(FILE_PASSWORD) && !shown.includes('hunter2'), `${name}: no password in the healthcheck the engine shows: ${shown}`);
    }
    for (const name of ['db', 'dbfile', 'redis']) {
      const r = await cli(['logs', stack, name]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, name === 'redis' ? /Ready to accept connections/ : /ready for connections/, `${name}: the log is the server's`);
      assert.doesNotMatch(r.stdout, /Access denied|AUTH failed|NOAUTH/i, `${name}: no failed login in the log:\n${r.stdout.split('\n').slice(-5).join('\n')}`);
    }
  });

  it('the mongo probe passes for a server listening on every address, not for the first-boot server on 127.0.0.1 alone', { timeout: 60_000 }, async () => {
    const probe = (await ps()).services.find((x) => x.name === 'probe')!.containerId;
    const test = PRESETS.mongo.healthcheck.test;
    assert.equal(test[0], 'CMD-SHELL');
    const run = () => execIn(probe, ['sh', '-c', test[1]]);
    const listen = async (address: string) => {
      await execIn(probe, ['sh', '-c', `nohup python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('${address}', 27017)); s.listen(); time.sleep(60)" >/dev/null 2>&1 & echo $! > /tmp/listener.pid`]);
      await new Promise((r) => setTimeout(r, 500));
    };
    const stop = () => execIn(probe, ['sh', '-c', 'kill $(cat /tmp/listener.pid); sleep 0.3']);

    assert.notEqual((await run()).code, 0, 'nothing listens: not healthy');
    await listen('127.0.0.1');
    assert.notEqual((await run()).code, 0, 'only the init server on 127.0.0.1: not healthy yet');
    await stop();
    await listen('0.0.0.0');
    assert.equal((await run()).code, 0, 'listening on every address: healthy');
    await stop();
  });
});
