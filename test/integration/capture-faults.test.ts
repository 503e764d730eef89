// Teardown when the capture folder fails, against the real engine and the real command line:
// a full disk (a 1 MiB tmpfs) must be said in words with the bytes needed and free, remove
// nothing, leave none of the capture's own files behind, and with --force remove the stack after
// naming what was not captured; a capture folder that cannot be made (/proc/nope: Node 20's
// recursive mkdir loops forever there) must fail at once with the reason, not hang.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IMAGES, type CliResult, cli, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('fault');
const tmp = tempDir();
const tmpfs = join(tmp.dir, 'full');
const BIN = resolve(import.meta.dirname, '../../bin/branchyard.mjs');

// ~2.5 MB of log, more than the 1 MiB folder holds, then `done` and idle until stopped.
const chatty = (name: string) =>
  tmp.write(
    `${name}.yml`,
    `name: ${name}
services:
  app:
    image: ${IMAGES.app}
    command:
      - sh
      - -c
      - "trap 'exit 0' TERM; i=0; while [ $$i -lt 60000 ]; do echo line $$i padding padding padding padding; i=$$((i+1)); done; echo done; sleep infinity & wait"
  cache: { image: ${IMAGES.redis} }
`,
  );

async function upAndLogged(name: string): Promise<string[]> {
  const r = await cli(['up', chatty(name), '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  const ids = (await docker.listContainers({ all: true, filters: { label: [`io.branchyard.stack=${name}`] } })).map((c) => c.Id).sort();
  const app = (await docker.listContainers({ filters: { label: [`io.branchyard.stack=${name}`, 'io.branchyard.service=app'] } }))[0];
  const end = Date.now() + 60_000;
  for (;;) {
    const tail = (await docker.getContainer(app.Id).logs({ stdout: true, tail: 1 })) as unknown as Buffer;
    if (tail.toString().includes('done')) break;
    if (Date.now() > end) assert.fail('the app did not finish logging');
    await new Promise((r) => setTimeout(r, 250));
  }
  return ids;
}

/** The command line, killed after `ms`: a hang fails the test instead of freezing it. */
function cliWithin(ms: number, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', rej);
    child.on('close', (code) => {
      clearTimeout(killer);
      res({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const free = () => {
  const s = statfsSync(tmpfs);
  return s.bavail * s.bsize;
};

describe('teardown when the capture folder fails', () => {
  let mounted = false;
  before(async () => {
    await removeAll(prefix);
    mkdirSync(tmpfs);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tmpfs]);
    mounted = true;
  });
  after(async () => {
    if (mounted) execFileSync('umount', [tmpfs]);
    await removeAll(prefix);
    tmp.remove();
  });

  it('a full capture folder is said with bytes needed and free, removes nothing, cleans up; --force removes', { timeout: 240_000 }, async () => {
    const stack = `${prefix}-full`;
    const ids = await upAndLogged(stack);
    const env = { BRANCHYARD_CAPTURE_DIR: tmpfs };
    const empty = free();

    for (const json of [false, true]) {
      const r = await cliWithin(60_000, ['down', stack, ...(json ? ['--json'] : [])], env);
      assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
      const message = json ? (JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: { message: string } }).error.message : r.stderr;
      const m = /the capture folder (\S+) is full \(at least (\d+) bytes needed, (\d+) free\)/.exec(message);
      assert.ok(m, message);
      assert.ok(m[1].startsWith(tmpfs), m[1]);
      assert.ok(Number(m[2]) > Number(m[3]), message);
      assert.ok(Number(m[2]) > 1_000_000, `needed counts the log that did not fit: ${message}`);
      assert.equal(Number(m[3]), empty, 'free is what the folder has once the capture cleaned up');
      assert.match(message, /Nothing was removed/);
      // Nothing removed; none of the capture's own files left filling the disk.
      const now = (await docker.listContainers({ all: true, filters: { label: [`io.branchyard.stack=${stack}`] } })).map((c) => c.Id).sort();
      assert.deepEqual(now, ids);
      assert.deepEqual(readdirSync(join(tmpfs, stack)), []);
      assert.equal(free(), empty);
    }

    const forced = await cliWithin(60_000, ['down', stack, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /warning: stack \S+ was removed without a capture: .*the capture folder \S+ is full \(at least \d+ bytes needed, \d+ free\)/);
    assert.match(forced.stderr, /not captured: the logs, inspect documents and files of app, cache/);
    assert.deepEqual(await labelledObjects(stack), []);
    assert.deepEqual(readdirSync(join(tmpfs, stack)), []);
  });

  it('a capture folder that cannot be made fails at once with the reason, changing nothing', { timeout: 120_000 }, async () => {
    const stack = `${prefix}-proc`;
    const file = tmp.write('proc.yml', `name: ${stack}\nservices:\n  app: { image: ${IMAGES.app} }\n`);
    assert.equal((await cli(['up', file, '--name', stack])).code, 0);
    const env = { BRANCHYARD_CAPTURE_DIR: '/proc/nope/captures' };

    const r = await cliWithin(15_000, ['down', stack], env);
    assert.ok(r.ms < 10_000, `down took ${r.ms} ms`);
    assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /cannot write the capture of stack \S+ to \/proc\/nope\/captures\/\S+: .*\/proc does not allow/);
    const [c] = await docker.listContainers({ filters: { label: [`io.branchyard.stack=${stack}`] } });
    assert.equal(c?.State, 'running', 'not even stopped');

    const forced = await cliWithin(15_000, ['down', stack, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /removed without a capture: .*\/proc\/nope/);
    assert.deepEqual(await labelledObjects(stack), []);
  });

  it('a data folder that cannot be made fails at once with the reason', { timeout: 60_000 }, async () => {
    // A build writes its log under the data folder: the first thing of `build` that needs it.
    const stack = `${prefix}-data`;
    tmp.write('Dockerfile', `FROM ${IMAGES.app}\n`);
    const file = tmp.write('data.yml', `name: ${stack}\nservices:\n  app: { image: ${prefix}-data:latest, build: { context: . } }\n`);
    const r = await cliWithin(15_000, ['build', file, '--name', stack], { BRANCHYARD_DATA_DIR: '/proc/nope' });
    assert.ok(r.ms < 10_000, `build took ${r.ms} ms`);
    assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /\/proc\/nope\/builds/);
    assert.match(r.stderr, /\/proc does not allow/);
  });
});
