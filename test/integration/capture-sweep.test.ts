// A `down` killed in the middle of its capture cannot clean up: its half archive and spool folder
// are swept by the next `down`, `captures` or `serve`, and a capture whose process still runs is
// never touched (not even when its pid is alive but belongs to a later process: that one is
// swept). Real engine, real command line, SIGKILL.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CaptureSummary } from '../../shared/api/captures.ts';
import { IMAGES, cli, cliProcess, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('sweep');
const tmp = tempDir();
const captureDir = join(tmp.dir, 'captures');
// cliProcess passes this process's environment on.
process.env.BRANCHYARD_CAPTURE_DIR = captureDir;

// ~8 MB of log: a capture long enough to be caught in the middle.
const bigLog = (name: string) =>
  tmp.write(
    `${name}.yml`,
    `name: ${name}
services:
  app:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; head -c 6000000 /dev/urandom | base64; echo done; sleep infinity & wait"]
`,
  );

async function upLogged(name: string): Promise<void> {
  const r = await cli(['up', bigLog(name), '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  const [app] = await docker.listContainers({ filters: { label: [`io.branchyard.stack=${name}`] } });
  const end = Date.now() + 120_000;
  while (!((await docker.getContainer(app.Id).logs({ stdout: true, tail: 1 })) as unknown as Buffer).toString().includes('done')) {
    if (Date.now() > end) assert.fail('the app did not finish logging');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const hidden = (stack: string) => readdirSync(join(captureDir, stack)).filter((n) => n.startsWith('.')).sort();

/** Resolves once the stack's capture folder holds a half-written archive with bytes in it. */
async function partialWithBytes(stack: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const dir = join(captureDir, stack);
    const partial = existsSync(dir) ? readdirSync(dir).find((n) => n.endsWith('.tar.gz.partial')) : undefined;
    if (partial && statSync(join(dir, partial)).size > 0) return;
    if (Date.now() > end) assert.fail(`no partial archive with bytes in ${dir}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The owner part of a work file's name, as documented: <sha256(hostname) 8 hex>-<pid>-<start ticks>. */
function ownerOf(pid: number, start?: number): string {
  const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return `${host}-${pid}-${start ?? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])}`;
}

describe('sweeping what killed captures left', () => {
  const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
  before(() => removeAll(prefix));
  after(async () => {
    sleeper.kill();
    await removeAll(prefix);
    tmp.remove();
  });

  it('a SIGKILLed down leaves work files; the next captures sweeps them and no live capture', { timeout: 300_000 }, async () => {
    const stack = `${prefix}-killed`;
    await upLogged(stack);
    const down = cliProcess(['down', stack]);
    await partialWithBytes(stack);
    down.kill('SIGKILL');
    await new Promise((r) => down.once('close', r));
    const left = hidden(stack);
    assert.ok(left.some((n) => n.endsWith('.tar.gz.partial')), left.join(', '));

    // Work files of other processes: one alive (kept), one whose pid now belongs to a later
    // process (swept), one gone (swept).
    const ts = '20200101T000000.000Z';
    const other = join(captureDir, `${prefix}-other`);
    mkdirSync(other, { recursive: true });
    const alive = `.${ts}.${ownerOf(sleeper.pid!)}.tar.gz.partial`;
    const reused = `.${ts}.${ownerOf(sleeper.pid!, 1)}.tar.gz.partial`;
    const gone = `.${ts}.${ownerOf(process.pid).replace(/-\d+-/, '-999999999-')}.spool`;
    for (const n of [alive, reused]) writeFileSync(join(other, n), 'half');
    mkdirSync(join(other, gone));
    writeFileSync(join(other, gone, 'stdout'), 'spooled');

    const list = await cli(['captures', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), []);
    assert.deepEqual(hidden(stack), [], 'the killed capture\'s partial archive and spool are gone');
    assert.deepEqual(hidden(`${prefix}-other`), [alive], 'only the live process\'s capture is left');

    // The stack was not removed: a down now captures it completely.
    const again = await cli(['down', stack, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.ok((JSON.parse(again.stdout) as { capture?: CaptureSummary }).capture);
    assert.deepEqual(await labelledObjects(stack), []);
  });

  it('captures and down of another stack while a capture runs leave it alone', { timeout: 300_000 }, async () => {
    const stack = `${prefix}-busy`;
    const small = `${prefix}-small`;
    await upLogged(stack);
    const smallFile = tmp.write('small.yml', `name: ${small}\nservices:\n  app: { image: ${IMAGES.app} }\n`);
    assert.equal((await cli(['up', smallFile, '--name', small])).code, 0);

    const down = cliProcess(['down', stack, '--json']);
    let out = '';
    let err = '';
    down.stdout!.on('data', (d) => (out += d));
    down.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => down.once('close', r));
    await partialWithBytes(stack);
    const [list, other] = await Promise.all([cli(['captures']), cli(['down', small])]);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(other.code, 0, other.stderr);
    assert.equal(await exited, 0, err);
    const capture = (JSON.parse(out) as { capture?: CaptureSummary }).capture;
    assert.ok(capture && existsSync(capture.path), out);
    assert.deepEqual(hidden(stack), []);
    assert.deepEqual(await labelledObjects(stack), []);
  });

  it('down (of any stack) and the start of serve sweep too, saying what they removed', { timeout: 180_000 }, async () => {
    const dir = join(captureDir, `${prefix}-left`);
    mkdirSync(dir, { recursive: true });
    const dead = (ts: string) => `.${ts}.${ownerOf(process.pid).replace(/-\d+-/, '-999999999-')}.tar.gz.partial`;
    writeFileSync(join(dir, dead('20200101T000000.000Z')), 'half');
    const down = await cli(['down', `${prefix}-nothing`]);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, /removed \S+\.tar\.gz\.partial, left by an interrupted capture \(process 999999999, which no longer runs\)/);
    assert.deepEqual(hidden(`${prefix}-left`), []);

    writeFileSync(join(dir, dead('20200102T000000.000Z')), 'half');
    const serve = cliProcess(['serve']);
    let err = '';
    serve.stderr!.on('data', (d) => (err += d));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 120_000);
        serve.stdout!.on('data', (d) => String(d).includes('open http') && (clearTimeout(t), resolve()));
        serve.once('close', () => reject(new Error(`serve ended:\n${err}`)));
      });
      assert.deepEqual(hidden(`${prefix}-left`), []);
      assert.match(err, /removed \S+20200102T000000\.000Z\S+, left by an interrupted capture/);
    } finally {
      serve.kill('SIGINT');
      await new Promise((r) => (serve.exitCode === null ? serve.once('close', r) : r(null)));
    }
  });
});
