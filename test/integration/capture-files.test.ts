// What a teardown leaves, used as the app and the command line use it, on the real engine:
// named volumes kept (and said) unless asked to go; the files of a capture read page by page (a
// log as the log viewer's rows with the 16 KiB pieces joined again, text line by line, bytes as
// stored, a binary file said to be one); a capture removed; and the retention setting applied
// after a teardown (old ones and, over the size, the oldest; never the one just written).

import assert from 'node:assert/strict';
import { copyFileSync, createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { CaptureFilePage, CaptureManifest, CaptureSummary } from '../../shared/api/captures.ts';
import type { LogLine } from '../../shared/api/logs.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { captureTimestamp } from '../../electron/engine/capture/captureId.ts';
import { IMAGES, cli, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('cfil');
const tmp = tempDir();
const captureDir = join(tmp.dir, 'captures');
process.env.BRANCHYARD_CAPTURE_DIR = captureDir;
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
const client = openLocalClient();

const DEBIAN = 'branchyard-test/debian:bookworm';
const stack = `${prefix}-main`;
const LINES = 2500;
const LONG = 40_000;

// `$$` is a literal `$` after interpolation.
const LOGGER = [
  "trap 'exit 0' TERM",
  'mkdir -p /data',
  "printf 'first\\r\\nsecond\\r\\nthird' > /data/notes.txt",
  "printf 'a\\000b\\000' > /data/blob.bin",
  `for ((i=1;i<=${LINES};i++)); do echo "out line $$i"; if ((i%5==0)); then echo "err line $$i" >&2; fi; done`,
  `head -c ${LONG} /dev/zero | tr '\\0' x; echo`,
  'echo "中文日志 ✓"',
  'echo all written',
  'sleep infinity & wait',
];
const file = tmp.write(
  'stack.yml',
  `name: ${prefix}
x-branchyard:
  subnet: 10.244.121.0/24
  capture:
    logger: [/data/notes.txt, /data/blob.bin]
services:
  logger:
    image: ${DEBIAN}
    command:
      - bash
      - -c
      - |
${LOGGER.map((l) => `        ${l}`).join('\n')}
  cache:
    x-preset: redis
    image: ${IMAGES.redis}
`,
);

const expectedStdout = [...Array.from({ length: LINES }, (_, i) => `out line ${i + 1}`), 'x'.repeat(LONG), '中文日志 ✓', 'all written'];

async function refusal(p: Promise<unknown>): Promise<BranchyardError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BranchyardError, String(e));
    return e;
  }
  assert.fail('was not refused');
}

/** One entry of the archive, read independently of the engine's code. */
async function entryBytes(archive: string, name: string): Promise<Buffer> {
  let found: Buffer | undefined;
  const extract = tar.extract();
  extract.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (h.name === name) found = Buffer.concat(chunks);
      next();
    });
  });
  await pipeline(createReadStream(archive), createGunzip(), extract);
  assert.ok(found, `${name} in ${archive}`);
  return found;
}

async function upAndWait(): Promise<void> {
  const up = await client.up({ file, name: stack, wait: true, timeoutS: 120 });
  const logger = up.services.find((s) => s.name === 'logger')!.containerId;
  // Read from the engine directly: the whole stdout, until its last line is there (a loaded
  // machine can take its time writing 2500 lines through the engine's log driver).
  const end = Date.now() + 120_000;
  for (;;) {
    const raw = (await docker.getContainer(logger).logs({ stdout: true, stderr: false, follow: false })) as unknown as Buffer;
    if (Buffer.from(raw).includes('all written')) return;
    if (Date.now() > end) assert.fail(`the logger did not finish: ${JSON.stringify((await docker.getContainer(logger).inspect()).State)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Every line of a log, page after page. */
async function wholeLog(id: string, path: string, limit: number): Promise<{ lines: LogLine[]; pages: number }> {
  const lines: LogLine[] = [];
  let offset: number | null = 0;
  let pages = 0;
  while (offset !== null) {
    const page: CaptureFilePage = await client.readCaptureFile({ id, path, offset, limit });
    assert.equal(page.format, 'log');
    if (page.format !== 'log') break;
    assert.equal(page.offset, offset);
    assert.ok(page.lines.length <= limit);
    lines.push(...page.lines);
    offset = page.nextOffset;
    pages++;
  }
  return { lines, pages };
}

describe('teardown volumes, capture files, removal and retention', () => {
  before(() => removeAll(prefix));
  after(async () => {
    client.close();
    await removeAll(prefix);
    tmp.remove();
  });

  let first: CaptureSummary;
  const volume = `${stack}_cache-data`;

  it('a teardown keeps the named volumes and says so; stackVolumes lists them', { timeout: 180_000 }, async () => {
    await upAndWait();
    assert.deepEqual((await client.stackVolumes({ stack })).map((v) => [v.name, v.volume]), [[volume, 'cache-data']]);
    const r = await client.down({ stack });
    assert.ok(r.capture);
    first = r.capture;
    assert.deepEqual(r.keptVolumes, [volume]);
    assert.deepEqual(r.removed.volumes, []);
    assert.deepEqual(await labelledObjects(prefix), [`volume ${volume}`]);
    assert.deepEqual((await client.stackVolumes({ stack })).map((v) => v.name), [volume], 'the volumes of a stack that is gone');
    // The command line says it and how to remove them; removing them later needs no stack.
    const again = await cli(['down', stack]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`kept volumes: ${volume} \\(the data is there for the next up; \`branchyard down ${stack} --volumes\` removes them\\)`));
    const gone = await client.down({ stack, removeVolumes: true });
    assert.deepEqual(gone.removed.volumes, [volume]);
    assert.deepEqual(gone.keptVolumes, []);
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it('lists the files of the capture with how to view each', async () => {
    const files = await client.listCaptureFiles({ id: first.id });
    const view = Object.fromEntries(files.map((f) => [f.path, `${f.view}${f.stream ? `:${f.stream}` : ''}`]));
    assert.equal(view['services/logger/stdout.log'], 'log:stdout');
    assert.equal(view['services/logger/stderr.log'], 'log:stderr');
    assert.equal(view['services/logger/stdout.partials'], 'json');
    assert.equal(view['services/logger/inspect.json'], 'json');
    assert.equal(view['services/logger/files/data/notes.txt'], 'text');
    assert.equal(view['services/logger/files/data/blob.bin'], 'text');
    assert.equal(view['services/cache/stdout.log'], 'log:stdout');
  });

  it('reads a log page by page as the log viewer rows: every line once, the long one joined', async () => {
    const out = await wholeLog(first.id, 'services/logger/stdout.log', 1000);
    assert.equal(out.pages, 3);
    const short = (t: string) => (t.length > 100 ? `${t.length} chars` : t);
    assert.deepEqual(out.lines.map((l) => short(l.text)), expectedStdout.map(short));
    assert.equal(out.lines[LINES].text, 'x'.repeat(LONG));
    assert.ok(out.lines.every((l) => l.service === 'logger' && l.stream === 'stdout' && /^\d{4}-\d\d-\d\dT.*\.\d{9}Z$/.test(l.ts)));
    const err = await wholeLog(first.id, 'services/logger/stderr.log', 10_000);
    assert.equal(err.pages, 1);
    assert.deepEqual(err.lines.map((l) => l.text), Array.from({ length: LINES / 5 }, (_, i) => `err line ${(i + 1) * 5}`));

    const middle = await client.readCaptureFile({ id: first.id, path: 'services/logger/stdout.log', offset: LINES, limit: 2 });
    assert.equal(middle.format, 'log');
    if (middle.format === 'log') {
      // Compared by length and content, so a failure does not print 40 000 x's.
      assert.deepEqual(middle.lines.map((l) => (l.text === 'x'.repeat(LONG) ? 'the long line' : l.text.slice(0, 40))), ['the long line', '中文日志 ✓']);
      assert.equal(middle.nextOffset, LINES + 2);
      const manifest: CaptureManifest = await client.showCapture({ id: first.id });
      assert.equal(middle.totalLines, manifest.services.find((s) => s.name === 'logger')!.logLines.stdout);
    }
    const past = await client.readCaptureFile({ id: first.id, path: 'services/logger/stdout.log', offset: 99_999 });
    assert.deepEqual(past.format === 'log' && [past.lines, past.nextOffset], [[], null]);
  });

  it('reads bytes as stored, text line by line, and says when a file is not text', async () => {
    const stored = await entryBytes(first.path, 'services/logger/stdout.log');
    const head = await client.readCaptureFile({ id: first.id, path: 'services/logger/stdout.log', unit: 'bytes', limit: 100 });
    assert.equal(head.format, 'bytes');
    if (head.format === 'bytes') {
      assert.deepEqual(Buffer.from(head.data), stored.subarray(0, 100));
      assert.equal(head.nextOffset, 100);
      assert.equal(head.totalBytes, stored.length);
    }
    const tail = await client.readCaptureFile({ id: first.id, path: 'services/logger/stdout.log', unit: 'bytes', offset: stored.length - 10 });
    assert.deepEqual(tail.format === 'bytes' && [Buffer.from(tail.data), tail.nextOffset], [stored.subarray(-10), null]);

    const notes = await client.readCaptureFile({ id: first.id, path: 'services/logger/files/data/notes.txt' });
    assert.deepEqual(notes.format === 'text' && [notes.lines, notes.nextOffset], [['first', 'second', 'third'], null]);
    const paged = await client.readCaptureFile({ id: first.id, path: 'services/logger/files/data/notes.txt', offset: 1, limit: 1 });
    assert.deepEqual(paged.format === 'text' && [paged.lines, paged.nextOffset], [['second'], 2]);

    const blob = await client.readCaptureFile({ id: first.id, path: 'services/logger/files/data/blob.bin' });
    assert.equal(blob.format, 'binary');
    const raw = await client.readCaptureFile({ id: first.id, path: 'services/logger/files/data/blob.bin', unit: 'bytes' });
    assert.deepEqual(raw.format === 'bytes' && Buffer.from(raw.data), Buffer.from('a\0b\0'));

    const inspect = await client.readCaptureFile({ id: first.id, path: 'services/logger/inspect.json', limit: 10_000 });
    assert.equal(inspect.format, 'text');
    if (inspect.format === 'text') assert.match(JSON.parse(inspect.lines.join('\n')).Name, new RegExp(`${stack}-logger`));
  });

  it('refuses what it cannot read, naming the field', async () => {
    assert.equal((await refusal(client.readCaptureFile({ id: first.id, path: 'services/nope.log' }))).kind, 'not-found');
    assert.match((await refusal(client.readCaptureFile({ id: first.id, path: 'manifest.json' }))).message, /has no file manifest\.json/);
    const bad = await refusal(client.readCaptureFile({ id: first.id, path: 'services/logger/stdout.log', unit: 'pages' as 'lines', limit: 0 }));
    assert.equal(bad.kind, 'invalid-input');
    assert.match(bad.message, /unit: 'pages' is not lines or bytes/);
    assert.match((await refusal(client.readCaptureFile({ id: first.id, path: 'x', limit: 20_000 }))).message, /limit: must be a whole number from 1 to 10000/);
    assert.equal((await refusal(client.readCaptureFile({ id: '../etc/passwd', path: 'x' }))).kind, 'invalid-input');
  });

  it('the command line prints a file whole or a page of it', async () => {
    const whole = await cli(['captures', 'cat', first.id, 'services/logger/stdout.log']);
    assert.equal(whole.code, 0, whole.stderr);
    assert.equal(whole.stdout, `${expectedStdout.join('\n')}\n`);
    const page = await cli(['captures', 'cat', first.id, 'services/logger/stdout.log', '--offset', '9', '--limit', '2', '--timestamps']);
    assert.match(page.stdout, /^\S+Z out line 10\n\S+Z out line 11\n$/);
    const bytes = await cli(['captures', 'cat', first.id, 'services/logger/files/data/notes.txt', '--bytes']);
    assert.equal(bytes.stdout, 'first\r\nsecond\r\nthird');
    const binary = await cli(['captures', 'cat', first.id, 'services/logger/files/data/blob.bin']);
    assert.equal(binary.code, 2);
    assert.match(binary.stderr, /is not text: print it with --bytes/);
    const ls = await cli(['captures', 'ls', stack]);
    assert.match(ls.stdout, new RegExp(first.id.replace('.', '\\.')));
    const usage = await cli(['captures', 'show', first.id, '--limit', '3']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--limit goes with cat/);
  });

  it('after a teardown the retention setting removes old captures and the oldest over the size, never the new one', { timeout: 180_000 }, async () => {
    // A capture from 40 days ago: a copy of the first, named and dated so.
    const oldTs = captureTimestamp(new Date(Date.now() - 40 * 86_400_000));
    const oldId = `${stack}/${oldTs}`;
    const oldArchive = join(captureDir, stack, `${oldTs}.tar.gz`);
    copyFileSync(first.path, oldArchive);
    const manifest = JSON.parse(readFileSync(first.path.replace('.tar.gz', '.manifest.json'), 'utf8')) as CaptureManifest;
    writeFileSync(join(captureDir, stack, `${oldTs}.manifest.json`), JSON.stringify({ ...manifest, id: oldId, createdAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }));
    assert.deepEqual((await client.listCaptures({ stack })).map((c) => c.id), [first.id, oldId]);

    await client.setSettings({ captureRetention: { maxAgeDays: 30 } });
    const dry = await client.pruneCaptures({ dryRun: true });
    assert.deepEqual(dry.expired.map((e) => [e.id, e.reason]), [[oldId, 'age']]);
    assert.ok(existsSync(oldArchive), 'a dry run removes nothing');

    // So small that every capture is over it, the new one alone too.
    await client.setSettings({ captureRetention: { maxAgeDays: 30, maxGiB: 0.000001 } });
    await upAndWait();
    const r = await client.down({ stack, removeVolumes: true });
    assert.ok(r.capture);
    assert.deepEqual(r.expiredCaptures?.map((e) => [e.id, e.reason]), [[oldId, 'age'], [first.id, 'size']]);
    assert.deepEqual((await client.listCaptures({ stack })).map((c) => c.id), [r.capture.id]);
    assert.equal(existsSync(oldArchive) || existsSync(first.path) || existsSync(first.path.replace('.tar.gz', '.manifest.json')), false);

    // Removing one by hand: its files go; a second time it is not found.
    await client.setSettings({ captureRetention: { maxAgeDays: null, maxGiB: null } });
    const removed = await client.removeCapture({ id: r.capture.id });
    assert.deepEqual(removed.files, [r.capture.path, r.capture.path.replace('.tar.gz', '.manifest.json')]);
    assert.equal(existsSync(join(captureDir, stack)), false, 'the empty stack folder goes too');
    assert.equal((await refusal(client.removeCapture({ id: r.capture.id }))).kind, 'not-found');
    const rm = await cli(['captures', 'rm', 'not-an-id']);
    assert.equal(rm.code, 2, rm.stderr);
  });
});

