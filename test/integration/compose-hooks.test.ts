// Lifecycle hooks on the real engine: post_start runs after every start Branchyard makes, with its
// user, working_dir and environment; one that fails fails the service's start with the hook's
// output and leaves the container stopped; pre_stop runs before stop and before teardown, early
// enough that what it writes to the container's log and to captured files is in the capture.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('hooks');
const tmp = tempDir();
const stack = `${prefix}-app`;
const APP = IMAGES.app;

const file = tmp.write('compose.yaml', `
name: ${prefix}
x-branchyard:
  capture:
    app: [/data]
services:
  app:
    image: ${APP}
    command: [sleep, infinity]
    user: "1000"
    stop_grace_period: 1s
    volumes: [data:/data]
    post_start:
      - command: [sh, -c, 'echo "post_start as $(id -u) in $(pwd) with MODE=$$MODE" >> /data/post-start.log && chown 1000 /data']
        user: root
        working_dir: /srv
        environment:
          MODE: warm
      - command: touch /data/started-by-hook
    pre_stop:
      - command: [sh, -c, 'echo "pre_stop as $(id -u)" > /proc/1/fd/1; echo drained > /data/pre-stop.txt']
volumes:
  data:
`);

const failing = tmp.write('failing.yaml', `
name: ${prefix}
services:
  bad:
    image: ${APP}
    command: [sleep, infinity]
    stop_grace_period: 1s
    post_start:
      - command: [sh, -c, 'echo "cannot warm the cache: no backend" >&2; exit 3']
`);

const privileged = tmp.write('privileged.yaml', `
name: ${prefix}
services:
  priv:
    image: ${APP}
    command: [sleep, infinity]
    stop_grace_period: 1s
    post_start:
      - command: [sh, -c, 'grep CapEff /proc/self/status > /tmp/hook-caps']
        privileged: true
`);

async function ps(name = stack): Promise<StackStatus> {
  const r = await cli(['ps', name, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

async function logsOf(id: string): Promise<string> {
  const buf = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  return buf.toString('latin1');
}

/** Every file of a .tar.gz by name. */
async function untar(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      out.set(h.name, Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  const done = new Promise((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  createGunzip().on('error', () => {}).end(readFileSync(path)).pipe(extract);
  await done;
  return out;
}

describe('lifecycle hooks on the real engine', { timeout: 300_000 }, () => {
  let status: StackStatus;
  before(async () => {
    await removeAll(prefix);
    const r = await cli(['up', file, '--name', stack, '--wait', '--timeout', '120']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[app\] post_start: sh -c/);
    status = await ps();
  });
  after(async () => {
    for (const s of [stack, `${prefix}-bad`, `${prefix}-priv`]) await cli(['down', s, '--volumes', '--force']);
    await removeAll(prefix);
    tmp.remove();
  });

  it('post_start runs after the start, in order, with its user, working_dir and environment', async () => {
    const id = status.services[0]!.containerId;
    assert.equal((await execIn(id, ['cat', '/data/post-start.log'])).output, 'post_start as 0 in /srv with MODE=warm\n');
    const r = await execIn(id, ['stat', '-c', '%U %u', '/data/started-by-hook']);
    assert.equal(r.output.trim().split(' ')[1], '1000', 'the second hook ran as the service\'s user, after the first gave it /data');
  });

  it('pre_stop runs before stop, and post_start again at the next start', async () => {
    assert.equal((await cli(['stop', stack])).code, 0);
    const id = status.services[0]!.containerId;
    const logs = await logsOf(id);
    assert.match(logs, /pre_stop as 1000/);
    const r = await cli(['start', stack, '--wait', '--timeout', '60']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await execIn(id, ['cat', '/data/post-start.log'])).output.match(/post_start as 0/g)?.length, 2);
  });

  it('a failing post_start fails the service\'s start with the hook\'s output, and the container is stopped', async () => {
    const r = await cli(['up', failing, '--name', `${prefix}-bad`, '--timeout', '60']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the post_start hook of service 'bad' \(sh -c .*\) failed with exit code 3/);
    assert.match(r.stderr, /cannot warm the cache: no backend/);
    const bad = await ps(`${prefix}-bad`);
    assert.notEqual(bad.services[0]!.state, 'running');
  });

  it('privileged reaches the engine (this sandbox refuses privileged processes; elsewhere the hook has every capability)', async () => {
    const r = await cli(['up', privileged, '--name', `${prefix}-priv`, '--timeout', '60']);
    if (r.code !== 0) {
      assert.match(r.stderr, /the post_start hook of service 'priv' .* failed with exit code 126:[\s\S]*unable to apply caps/);
      return;
    }
    const priv = await ps(`${prefix}-priv`);
    const caps = await execIn(priv.services[0]!.containerId, ['sh', '-c', 'cat /tmp/hook-caps; grep CapEff /proc/self/status']);
    const [hook, plain] = caps.output.trim().split('\n').map((l) => BigInt(`0x${l.split(/\s+/)[1]}`));
    assert.ok(hook! > plain!, caps.output);
  });

  it('pre_stop runs before teardown\'s capture: its log line and the file it wrote are in the archive', async () => {
    const r = await cli(['down', stack, '--volumes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const path = (JSON.parse(r.stdout) as { capture?: { path: string } }).capture?.path;
    assert.ok(path, r.stdout);
    const entries = await untar(path);
    assert.match(entries.get('services/app/stdout.log') ?? '', /pre_stop as 1000/);
    assert.equal(entries.get('services/app/files/data/pre-stop.txt'), 'drained\n');
    assert.deepEqual(await labelledObjects(stack), []);
  });
});
