// Secrets and configs from environment: and content: on the real engine: written into the
// container before it starts, at /run/secrets/<name> and the config's target, with the owner and
// mode of the long syntax (stat says so, and a process of that user can read what is its own and
// not what is root's), kept across a stop and start, and written again with a new value by the
// recreate a changed value makes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('secrets');
const tmp = tempDir();
const stack = `${prefix}-app`;

const file = tmp.write('compose.yaml', `
name: ${prefix}
services:
  app:
    image: ${IMAGES.app}
    command: [sleep, infinity]
    user: "1000:1000"
    secrets:
      - source: db_password
        target: db
        uid: "1000"
        gid: "1000"
        mode: 0400
      - source: root_only
        mode: 0400
    configs:
      - source: app_conf
        target: /etc/app/app.ini
        mode: 0640
        gid: "1000"
      - motd
secrets:
  db_password:
    environment: DB_PASSWORD
  root_only:
    environment: ROOT_TOKEN
configs:
  app_conf:
    content: |
      [db]
      password_file = /run/secrets/db
      branch = \${BRANCH:-none}
  motd:
    environment: MOTD
`);

const env = (password: string) => ({ DB_PASSWORD: password, ROOT_TOKEN: 'r00t', MOTD: 'hello' });

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

async function sh(s: StackStatus, script: string): Promise<{ code: number; output: string }> {
  const r = await execIn(s.services.find((x) => x.name === 'app')!.containerId, ['sh', '-c', script]);
  return { code: r.code, output: r.output.trim() };
}

describe('secrets and configs from environment and content on the real engine', { timeout: 240_000 }, () => {
  let status: StackStatus;
  before(async () => {
    await removeAll(prefix);
    const unset = await cli(['up', file, '--name', stack, '--branch', 'main'], { env: { DB_PASSWORD: '', ROOT_TOKEN: 'r00t', MOTD: 'hello' } });
    // An empty value is a value; only an unset variable is refused (below, by validate's warning and up).
    assert.equal(unset.code, 0, unset.stderr);
    assert.equal((await cli(['down', stack, '--force'])).code, 0);
    const r = await cli(['up', file, '--name', stack, '--branch', 'main', '--wait', '--timeout', '120'], { env: env('hunter2') });
    assert.equal(r.code, 0, r.stderr);
    status = await ps();
  });
  after(async () => {
    await cli(['down', stack, '--volumes', '--force']);
    await removeAll(prefix);
    tmp.remove();
  });

  it('writes each one at its target with its owner and mode, as stat shows', async () => {
    const stat = await sh(status, 'stat -c "%n %u:%g %a" /run/secrets/db /run/secrets/root_only /etc/app/app.ini /motd');
    assert.equal(stat.code, 0, stat.output);
    assert.deepEqual(stat.output.split('\n'), ['/run/secrets/db 1000:1000 400', '/run/secrets/root_only 0:0 400', '/etc/app/app.ini 0:1000 640', '/motd 0:0 444']);
  });

  it('the service\'s user reads its own and the group\'s, not root\'s', async () => {
    assert.equal((await sh(status, 'cat /run/secrets/db')).output, 'hunter2');
    assert.equal((await sh(status, 'cat /etc/app/app.ini')).output, '[db]\npassword_file = /run/secrets/db\nbranch = main');
    assert.equal((await sh(status, 'cat /motd')).output, 'hello');
    const denied = await sh(status, 'cat /run/secrets/root_only');
    assert.notEqual(denied.code, 0);
    assert.match(denied.output, /Permission denied/);
  });

  it('keeps them across a stop and start', async () => {
    assert.equal((await cli(['stop', stack])).code, 0);
    assert.equal((await cli(['start', stack, '--wait', '--timeout', '60'])).code, 0);
    status = await ps();
    assert.equal((await sh(status, 'cat /run/secrets/db')).output, 'hunter2');
  });

  it('a changed value recreates the container, which gets the new one', async () => {
    const plan = await cli(['up', file, '--name', stack, '--branch', 'main', '--dry-run'], { env: env('s3cret') });
    assert.match(plan.stdout, /recreate +service app on \S+ +\(secrets and configs changed\)/);
    assert.doesNotMatch(plan.stdout + plan.stderr, /s3cret|hunter2/, 'the plan never shows a value');
    const r = await cli(['up', file, '--name', stack, '--branch', 'main', '--wait', '--timeout', '120'], { env: env('s3cret') });
    assert.equal(r.code, 0, r.stderr);
    status = await ps();
    assert.equal((await sh(status, 'cat /run/secrets/db')).output, 's3cret');
  });

  it('an unset variable: validate warns, up refuses and changes nothing', async () => {
    const noVar = { DB_PASSWORD: undefined as unknown as string, ROOT_TOKEN: 'r00t', MOTD: 'hello' };
    const v = await cli(['validate', file, '--name', stack], { env: noVar });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /secret 'db_password' comes from the environment variable DB_PASSWORD, which is not set: up refuses it until it is/);
    const before = (await ps()).services[0]!.containerId;
    const r = await cli(['up', file, '--name', stack, '--branch', 'main'], { env: noVar });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /secret 'db_password' of service 'app' comes from the environment variable DB_PASSWORD, which is not set/);
    assert.equal((await ps()).services[0]!.containerId, before);
  });

  it('leaves nothing behind', async () => {
    assert.equal((await cli(['down', stack, '--volumes', '--force'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
