// Teardown with capture on the real engine, through the contract (openLocalClient) and the
// command line: a crashed service with 100 000 log lines (one longer than 16 KiB) and a running
// service with x-branchyard.capture files are captured completely, checked, and only then
// removed; a capture that cannot be written removes nothing; --force and --no-capture remove.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { CaptureManifest, CaptureSummary } from '../../shared/api/captures.ts';
import type { DownResult, ProgressEvent } from '../../shared/api/stacks.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { buildLogPath } from '../../electron/engine/paths.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('cap');
const tmp = tempDir();
const captureDir = join(tmp.dir, 'captures');
// Before the client exists: its settings read these (the harness's own values are replaced).
process.env.BRANCHYARD_CAPTURE_DIR = captureDir;
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
const client = openLocalClient();

const DEBIAN = 'branchyard-test/debian:bookworm';
const LONG = 40_000;
const stack = `${prefix}-main`;
const other = `${prefix}-other`;

// Scripts as YAML block scalars (no quoting); `$$` is a literal `$` after interpolation.
const NOISY = [
  'for ((i=1;i<=100000;i++)); do',
  '  if ((i%4==0)); then echo "err line $$i" >&2; else echo "out line $$i"; fi',
  'done',
  `head -c ${LONG} /dev/zero | tr '\\0' x; echo`,
  'exit 3',
];
const KEEPER = [
  "trap 'exit 0' TERM",
  'mkdir -p /data/logs/sub',
  'echo celery > /tmp/celery.log',
  "printf 'a\\n' > /data/logs/a.txt",
  'echo b > /data/logs/sub/b.txt',
  'ln -s /etc/passwd /data/logs/link',
  'echo ready',
  'sleep infinity & wait',
];
const block = (lines: string[]) => lines.map((l) => `        ${l}`).join('\n');

const mainFile = tmp.write(
  'main.yml',
  `name: ${prefix}
x-branchyard:
  subnet: 10.238.0.0/24
  capture:
    keeper: [/tmp/celery.log, /data/logs, /nope/missing]
services:
  noisy:
    image: ${DEBIAN}
    command:
      - bash
      - -c
      - |
${block(NOISY)}
  keeper:
    image: ${DEBIAN}
    command:
      - bash
      - -c
      - |
${block(KEEPER)}
`,
);
const otherFile = tmp.write(
  'other.yml',
  `name: ${prefix}o
x-branchyard:
  subnet: 10.238.1.0/24
services:
  app:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; echo hello; sleep infinity & wait"]
`,
);

/** Demultiplexes a whole log buffer, written here independently of the engine's code. */
function demux(buf: Buffer): { stdout: Buffer; stderr: Buffer } {
  const parts: Record<number, Buffer[]> = { 1: [], 2: [] };
  for (let i = 0; i + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(i + 4);
    parts[buf[i]].push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return { stdout: Buffer.concat(parts[1]), stderr: Buffer.concat(parts[2]) };
}

async function engineLogs(containerId: string): Promise<{ stdout: Buffer; stderr: Buffer }> {
  const raw = (await docker.getContainer(containerId).logs({ stdout: true, stderr: true, timestamps: true, follow: false })) as unknown as Buffer;
  return demux(Buffer.from(raw));
}

async function untar(path: string): Promise<Map<string, { type: string; data: Buffer }>> {
  const entries = new Map<string, { type: string; data: Buffer }>();
  const extract = tar.extract();
  extract.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      assert.ok(!entries.has(h.name), `${h.name} twice in the archive`);
      entries.set(h.name, { type: h.type ?? 'file', data: Buffer.concat(chunks) });
      next();
    });
  });
  await pipeline(createReadStream(path), createGunzip(), extract);
  return entries;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function containerIds(name: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`io.branchyard.stack=${name}`] } });
  return list.map((c) => c.Id).sort();
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('teardown capture', () => {
  before(() => removeAll(prefix));
  after(async () => {
    client.close();
    await removeAll(prefix);
    tmp.remove();
  });

  let summary: CaptureSummary;

  it('captures every container completely and checked, and only then removes the stack', async () => {
    const up = await client.up({ file: mainFile, name: stack });
    const id = Object.fromEntries(up.services.map((s) => [s.name, s.containerId]));
    await until('noisy to crash', async () => (await docker.getContainer(id.noisy).inspect()).State.Status === 'exited');
    await until('keeper to make its files', async () => (await execIn(id.keeper, ['test', '-L', '/data/logs/link'])).code === 0);
    // A fresh read of the engine, before the containers are gone, to compare the capture with.
    const fresh = { noisy: await engineLogs(id.noisy), keeper: await engineLogs(id.keeper) };
    // A build log, as a build of the service would have left it: captured, then deleted.
    const buildLog = buildLogPath(stack, 'noisy');
    mkdirSync(dirname(buildLog), { recursive: true });
    writeFileSync(buildLog, '=== build of noisy\nstep 1\n');

    const progress: ProgressEvent[] = [];
    const result: DownResult = await client.down({ stack }, { onProgress: (e) => progress.push(e) });
    assert.ok(result.capture, JSON.stringify(result));
    assert.equal(result.captureError, undefined);
    summary = result.capture;
    assert.deepEqual(result.removed.containers.sort(), [`${stack}-keeper`, `${stack}-noisy`]);
    assert.deepEqual(result.removed.networks, [`${stack}_default`]);
    assert.deepEqual(await labelledObjects(prefix), []);
    assert.equal(existsSync(dirname(buildLog)), false, 'the build logs are deleted once captured');

    // Capturing and verifying happened before the first removal.
    const messages = progress.map((p) => `${p.service ?? ''}:${p.message}`);
    const firstRemoved = messages.findIndex((m) => m.endsWith(':removed'));
    const verified = messages.findIndex((m) => m.startsWith(':verifying '));
    const written = messages.findIndex((m) => m === `:capture written to ${summary.path}`);
    assert.ok(messages.includes('noisy:capturing logs and files') && messages.includes('keeper:capturing logs and files'), messages.join('\n'));
    assert.ok(verified >= 0 && written > verified && firstRemoved > written, messages.join('\n'));

    // The archive: named by its timestamp, beside its sidecar manifest, nothing half-written left.
    assert.match(summary.path, new RegExp(`^${captureDir}/${stack}/\\d{8}T\\d{6}\\.\\d{3}Z\\.tar\\.gz$`));
    assert.equal(summary.id, `${stack}/${summary.path.split('/').pop()!.replace('.tar.gz', '')}`);
    assert.deepEqual(readdirSync(join(captureDir, stack)).sort(), [summary.path.split('/').pop(), summary.path.split('/').pop()!.replace('.tar.gz', '.manifest.json')].sort());

    const entries = await untar(summary.path);
    const manifest = JSON.parse(entries.get('manifest.json')!.data.toString()) as CaptureManifest;
    assert.deepEqual(JSON.parse(readFileSync(summary.path.replace('.tar.gz', '.manifest.json'), 'utf8')), manifest);
    assert.equal(manifest.id, summary.id);
    assert.equal(manifest.stack, stack);
    assert.equal(manifest.template, prefix);
    for (const f of manifest.files) {
      const e = entries.get(f.path);
      assert.ok(e, `${f.path} is in the archive`);
      assert.equal(e.data.length, f.bytes, f.path);
      assert.equal(sha256(e.data), f.sha256, f.path);
    }
    const names = [...entries.keys()].filter((n) => entries.get(n)!.type === 'file');
    assert.deepEqual(names.filter((n) => n !== 'manifest.json').sort(), manifest.files.map((f) => f.path).sort());

    // Logs: exactly the engine's bytes, per stream.
    const noisy = manifest.services.find((s) => s.name === 'noisy')!;
    const keeper = manifest.services.find((s) => s.name === 'keeper')!;
    for (const [svc, logs] of [['noisy', fresh.noisy], ['keeper', fresh.keeper]] as const) {
      assert.ok(entries.get(`services/${svc}/stdout.log`)!.data.equals(logs.stdout), `${svc} stdout`);
      assert.ok(entries.get(`services/${svc}/stderr.log`)!.data.equals(logs.stderr), `${svc} stderr`);
    }
    assert.equal(noisy.exitCode, 3);
    assert.equal(noisy.stoppedByTeardown, false);
    assert.equal(keeper.stoppedByTeardown, true);
    assert.deepEqual(noisy.logLines, { stdout: 75_001, stderr: 25_000 });
    assert.deepEqual(noisy.logBytes, { stdout: fresh.noisy.stdout.length, stderr: fresh.noisy.stderr.length });
    assert.ok(fresh.noisy.stdout.length > 2_000_000, 'the log is big enough to matter');
    assert.equal(summary.logLines, 75_001 + 25_000 + keeper.logLines.stdout + keeper.logLines.stderr);

    // The 40 000-character line came as partial entries: their ends are recorded, and the joined
    // line (timestamps of the continuations dropped) is the whole line.
    const stdout = entries.get('services/noisy/stdout.log')!.data;
    const ends = JSON.parse(entries.get('services/noisy/stdout.partials')!.data.toString()) as number[];
    assert.equal(ends.length, Math.ceil((LONG + 1) / 16384) - 1);
    assert.equal(noisy.logPartials.stdout, ends.length);
    assert.ok(!entries.has('services/noisy/stderr.partials'), 'no partials file for a stream without partial entries');
    for (const end of ends) {
      assert.notEqual(stdout[end - 1], 0x0a);
      assert.match(stdout.subarray(end, end + 40).toString(), /^\d{4}-\d\d-\d\dT[\d:.]+Z x/);
    }
    const tail = stdout.subarray(stdout.lastIndexOf(0x0a, ends[0]) + 1).toString();
    const joined = tail.split('\n')[0].replace(/\d{4}-\d\d-\d\dT[\d:.]+Z /g, '');
    assert.equal(joined, 'x'.repeat(LONG));

    // inspect.json and the copied files; the link and the missing path are recorded, not copied.
    assert.equal(JSON.parse(entries.get('services/noisy/inspect.json')!.data.toString()).Id, id.noisy);
    assert.equal(noisy.imageId, (await docker.getImage(DEBIAN).inspect()).Id);
    assert.equal(entries.get('services/keeper/files/tmp/celery.log')!.data.toString(), 'celery\n');
    assert.equal(entries.get('services/keeper/files/data/logs/a.txt')!.data.toString(), 'a\n');
    assert.equal(entries.get('services/keeper/files/data/logs/sub/b.txt')!.data.toString(), 'b\n');
    assert.ok(![...entries.keys()].some((n) => n.includes('link')), 'the symlink is not stored');
    assert.deepEqual(keeper.capturePaths, ['/tmp/celery.log', '/data/logs', '/nope/missing']);
    assert.deepEqual(keeper.missing?.map((m) => m.path), ['/nope/missing']);
    assert.match(keeper.skipped?.find((s) => s.path === '/data/logs/link')?.reason ?? '', /symbolic link to \/etc\/passwd/);
    assert.equal(entries.get('services/noisy/build.log')!.data.toString(), '=== build of noisy\nstep 1\n');
    assert.equal(manifest.files.find((f) => f.path === 'services/noisy/build.log')?.kind, 'build-log');
    assert.ok(!entries.has('services/keeper/build.log'));

    // A second down finds nothing: no error, no second archive.
    const again = await client.down({ stack });
    assert.deepEqual(again, { stack, removed: { containers: [], networks: [], volumes: [] }, keptVolumes: [] });
    assert.equal(readdirSync(join(captureDir, stack)).length, 2);
    const celery = manifest.files.find((f) => f.path === 'services/keeper/files/tmp/celery.log')!;
    assert.equal(celery.source, '/tmp/celery.log');
    assert.equal(celery.kind, 'file');
  });

  it('a capture that cannot be written removes nothing and names the path; --force removes', async () => {
    await client.up({ file: otherFile, name: other });
    const before = await containerIds(other);
    assert.equal(before.length, 1);
    const blocker = tmp.write('blocker', 'a file, not a folder\n');
    process.env.BRANCHYARD_CAPTURE_DIR = join(blocker, 'captures');
    try {
      const err = await client.down({ stack: other }).then(
        () => assert.fail('down succeeded with an unwritable capture folder'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof BranchyardError);
      assert.ok(err.message.includes(join(blocker, 'captures', other)), err.message);
      assert.match(err.message, /not a folder|ENOTDIR/);
      assert.deepEqual(await containerIds(other), before, 'the same containers are still there');
      assert.equal((await docker.getContainer(before[0]).inspect()).State.Status, 'running', 'not even stopped');

      const forced = await client.down({ stack: other, force: true });
      assert.equal(forced.capture, undefined);
      assert.ok(forced.captureError?.includes(join(blocker, 'captures')), forced.captureError);
      assert.deepEqual(forced.removed.containers, [`${other}-app`]);
      assert.deepEqual(await labelledObjects(other), []);
    } finally {
      process.env.BRANCHYARD_CAPTURE_DIR = captureDir;
    }
  });

  it('--no-capture removes without an archive', async () => {
    await client.up({ file: otherFile, name: other });
    const r = await cli(['down', other, '--no-capture', '--json'], { env: { BRANCHYARD_CAPTURE_DIR: captureDir } });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as DownResult;
    assert.equal(out.capture, undefined);
    assert.deepEqual(out.removed.containers, [`${other}-app`]);
    assert.equal(existsSync(join(captureDir, other)), false, 'no capture folder for the stack');
    assert.deepEqual(await labelledObjects(other), []);
  });

  it('lists and shows captures on the command line', async () => {
    const env = { BRANCHYARD_CAPTURE_DIR: captureDir };
    // An older capture of another stack, with no sidecar: listed from the archive's manifest.
    const older = join(captureDir, other);
    mkdirSync(older, { recursive: true });
    const oldId = `${other}/20200101T000000.000Z`;
    const pack = tar.pack();
    const oldManifest = { version: 1, id: oldId, stack: other, template: 'x', createdAt: '2020-01-01T00:00:00.000Z', services: [], files: [] };
    pack.entry({ name: 'manifest.json' }, JSON.stringify(oldManifest));
    pack.finalize();
    await pipeline(pack, createGzip(), createWriteStream(join(older, '20200101T000000.000Z.tar.gz')));
    writeFileSync(join(older, '.20200102T000000.000Z.tar.gz.partial'), 'half');

    const list = await cli(['captures', '--json'], { env });
    assert.equal(list.code, 0, list.stderr);
    const all = JSON.parse(list.stdout) as CaptureSummary[];
    assert.deepEqual(all.map((c) => c.id), [summary.id, oldId], 'newest first; partial files are not captures');
    assert.equal(all[0].bytes, summary.bytes);
    assert.deepEqual(all[0].services, ['keeper', 'noisy']);

    const one = await cli(['captures', stack], { env });
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^ID\s+STACK\s+CREATED\s+SIZE\s+SERVICES/);
    assert.ok(one.stdout.includes(summary.id) && !one.stdout.includes(oldId), one.stdout);

    const show = await cli(['captures', 'show', summary.id], { env });
    assert.equal(show.code, 0, show.stderr);
    const manifest = JSON.parse(readFileSync(summary.path.replace('.tar.gz', '.manifest.json'), 'utf8')) as CaptureManifest;
    const log = manifest.files.find((f) => f.path === 'services/noisy/stdout.log')!;
    assert.match(show.stdout, new RegExp(`services/noisy/stdout\\.log\\s+[\\d.]+ MiB\\s+${log.sha256}`));
    assert.match(show.stdout, /noisy\s+exited\s+3\s/);
    assert.match(show.stdout, /keeper: missing \/nope\/missing/);
    const json = await cli(['captures', 'show', summary.id, '--json'], { env });
    assert.deepEqual(JSON.parse(json.stdout), manifest);

    const escape = await cli(['captures', 'show', `../${stack}/x`], { env });
    assert.equal(escape.code, 2, escape.stderr);
    const unknown = await cli(['captures', 'show', `${stack}/20200101T000000.000Z`], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no capture/);
  });
});
