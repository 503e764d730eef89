// Reading a capture archive through the contract, with an archive the test builds itself in the
// format the capture writer produces. No engine is needed: captures are files.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { LogsEvent, LogsParams } from '../../shared/api/logs.ts';
import type { BranchyardClient } from '../../shared/api/client.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { fileSettingsStore } from '../../electron/engine/settings/settingsStore.ts';
import type { EngineContext } from '../../electron/engine/api/context.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { splitCapturedLog } from '../../electron/engine/logs/logsApi.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { connectInProcess } from '../../electron/engine/api/inProcess.ts';
import type { SaveDialogRequest } from '../../shared/api/shell.ts';

const enc = new TextEncoder();
const T = (n: number) => `2026-11-21T10:15:0${n}.000000000Z`;
const ID = 'web-main/20261121T101500.123Z';

// A 16 KiB partial whose end cuts "€" in two: the line must come out whole.
const longA = `${'a'.repeat(16382)}€`; // 16 385 bytes; the engine cut after 16 384
const longBytes = enc.encode(`${longA}tail of the long line`);
const part1 = longBytes.slice(0, 16384);
const part2 = longBytes.slice(16384);

function entries(...parts: Array<string | Uint8Array>): { bytes: Uint8Array; partialEnds: number[] } {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  const partialEnds: number[] = [];
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
    if (c[c.length - 1] !== 0x0a) partialEnds.push(at);
  }
  return { bytes, partialEnds };
}

const cat = (a: string, b: Uint8Array, c = '') => new Uint8Array([...enc.encode(a), ...b, ...enc.encode(c)]);

const files = {
  web: {
    stdout: entries(`${T(1)} hello\n`, cat(`${T(3)} `, part1), cat(`${T(4)} `, part2, '\n'), `${T(6)} bye`),
    stderr: entries(`${T(2)} warn\n`, `${T(5)} \x1b[31mERROR\x1b[0m happened\r\n`),
  },
  db: { stdout: entries(`${T(0)} db start\n`, `${T(7)} ready\n`) },
};

async function buildArchive(path: string): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => pack.on('end', r));
  pack.entry({ name: 'manifest.json' }, JSON.stringify({ version: 1, id: ID }));
  for (const [service, streams] of Object.entries(files)) {
    for (const [stream, f] of Object.entries(streams)) {
      pack.entry({ name: `services/${service}/${stream}.log` }, Buffer.from(f.bytes));
      if (f.partialEnds.length > 0) pack.entry({ name: `services/${service}/${stream}.partials` }, JSON.stringify(f.partialEnds));
    }
    pack.entry({ name: `services/${service}/inspect.json` }, '{}');
  }
  pack.finalize();
  await done;
  writeFileSync(path, gzipSync(Buffer.concat(chunks)));
}

const captureDir = mkdtempSync(join(tmpdir(), 'branchyard-logcap-'));
const ctx: EngineContext = {
  engine: () => Promise.reject(new BranchyardError('engine-unreachable', 'no engine in this test')),
  settings: fileSettingsStore({ BRANCHYARD_CAPTURE_DIR: captureDir, BRANCHYARD_DATA_DIR: join(captureDir, 'data') }),
};
let client: BranchyardClient;

function collect(params: LogsParams): Promise<{ events: LogsEvent[]; error?: BranchyardError }> {
  return new Promise((resolve) => {
    const events: LogsEvent[] = [];
    let error: BranchyardError | undefined;
    client.subscribe('logs', params, { next: (e) => events.push(e), error: (e) => (error = e), end: () => resolve({ events, error }) });
  });
}

const texts = (events: LogsEvent[]) => events.map((e) => (e.type === 'line' ? `${e.service}/${e.stream} ${e.text}` : e.type));

describe('captured logs', () => {
  after(() => {
    client?.close();
    rmSync(captureDir, { recursive: true, force: true });
  });

  it('splitCapturedLog gives back the entries that were written', () => {
    const f = files.web.stdout;
    const got = splitCapturedLog(f.bytes, f.partialEnds);
    assert.equal(got.length, 4);
    assert.deepEqual(Buffer.concat(got.map((g) => Buffer.from(g))), Buffer.from(f.bytes));
    for (const e of got) assert.match(new TextDecoder().decode(e.slice(0, 31)), /^\d{4}-\d\d-\d\dT[\d:.]+Z $/);
  });

  it('reads every service, merged in time order, partial lines joined', async () => {
    mkdirSync(join(captureDir, 'web-main'), { recursive: true });
    await buildArchive(join(captureDir, `${ID}.tar.gz`));
    client = openLocalClient(ctx);
    const { events, error } = await collect({ source: { kind: 'capture', id: ID } });
    assert.equal(error, undefined);
    assert.deepEqual(texts(events), [
      'db/stdout db start',
      'web/stdout hello',
      'web/stderr warn',
      `web/stdout ${longA}tail of the long line`,
      'web/stderr \x1b[31mERROR\x1b[0m happened',
      'web/stdout bye',
      'db/stdout ready',
      'caught-up',
    ]);
    const long = events[3] as { ts: string };
    assert.equal(long.ts, T(3), 'the joined line has its first part\'s timestamp');
  });

  it('filters by service and since, and tails per service', async () => {
    assert.deepEqual(texts((await collect({ source: { kind: 'capture', id: ID, services: ['db'] } })).events), ['db/stdout db start', 'db/stdout ready', 'caught-up']);
    assert.deepEqual(texts((await collect({ source: { kind: 'capture', id: ID }, since: T(5) })).events), [
      'web/stderr \x1b[31mERROR\x1b[0m happened',
      'web/stdout bye',
      'db/stdout ready',
      'caught-up',
    ]);
    assert.deepEqual(texts((await collect({ source: { kind: 'capture', id: ID }, tail: 2 })).events), [
      'db/stdout db start',
      'web/stderr \x1b[31mERROR\x1b[0m happened',
      'web/stdout bye',
      'db/stdout ready',
      'caught-up',
    ]);
  });

  it('refuses a service the capture does not have, a capture that does not exist, and follow', async () => {
    const noService = await collect({ source: { kind: 'capture', id: ID, services: ['cache'] } });
    assert.equal(noService.error?.kind, 'not-found');
    assert.match(noService.error?.message ?? '', /has no service 'cache' \(its services: db, web\)/);
    const noCapture = await collect({ source: { kind: 'capture', id: 'web-main/20200101T000000.000Z' } });
    assert.equal(noCapture.error?.kind, 'not-found');
    assert.match(noCapture.error?.message ?? '', /no capture web-main\/20200101T000000.000Z/);
    const follow = await collect({ source: { kind: 'capture', id: ID }, follow: true });
    assert.equal(follow.error?.kind, 'invalid-input');
    assert.equal(follow.error?.details.issues?.[0].field, 'follow');
  });

  it('refuses ids that could leave the capture folder', async () => {
    for (const id of ['../etc/passwd', '/etc/20261121T101500.000Z', 'web-main/../../x', 'web\\main/20261121T101500.000Z', 'web-main/20261121T101500.000Z/..', '..', 'web-main']) {
      const r = await collect({ source: { kind: 'capture', id } });
      assert.equal(r.error?.kind, 'invalid-input', id);
      assert.equal(r.error?.details.issues?.[0].field, 'source.id', id);
    }
  });

  it('searches a capture: text without case by default, regex, and ANSI codes ignored', async () => {
    const source = { kind: 'capture' as const, id: ID };
    const plain = await client.searchLogs({ source, pattern: 'error happened' });
    assert.deepEqual(plain.matches.map((m) => m.text), ['\x1b[31mERROR\x1b[0m happened']);
    assert.equal(plain.scanned, 7);
    assert.equal(plain.truncated, false);
    assert.equal((await client.searchLogs({ source, pattern: 'error', caseSensitive: true })).matches.length, 0);
    const re = await client.searchLogs({ source, pattern: '^(hello|bye|ready)$', regex: true, limit: 2 });
    assert.deepEqual(re.matches.map((m) => m.text), ['hello', 'bye']);
    assert.equal(re.truncated, true);
    await assert.rejects(client.searchLogs({ source, pattern: '(', regex: true }), (e: BranchyardError) => e.kind === 'invalid-input' && e.details.issues?.[0].field === 'pattern' && /Invalid regular expression/.test(e.message));
  });

  it('exports a capture to a file, merged, one line per log line', async () => {
    const path = join(captureDir, 'export.log');
    const r = await client.exportLogs({ source: { kind: 'capture', id: ID }, path, grep: { pattern: 'e' } });
    const text = readFileSync(path, 'utf8');
    assert.equal(r.bytes, Buffer.byteLength(text));
    assert.equal(r.lines, 5);
    const lines = text.split('\n');
    assert.equal(lines[0], `${T(1)} web stdout hello`);
    assert.equal(lines.pop(), '', 'ends with a newline');
    for (const l of lines) assert.match(l.slice(0, 60), /^\S+Z (web|db) (stdout|stderr) /);
    assert.ok(lines[1].startsWith(`${T(3)} web stdout aaa`) && lines[1].endsWith('€tail of the long line'));
    const all = await client.exportLogs({ source: { kind: 'capture', id: ID }, path });
    assert.equal(all.lines, 7);
    assert.equal(readFileSync(path, 'utf8').split('\n')[0], `${T(0)} db stdout db start`);
    assert.ok(!readdirSync(captureDir).some((f) => f.endsWith('.partial')));
    await assert.rejects(client.exportLogs({ source: { kind: 'capture', id: ID }, path: 'relative.log' }), (e: BranchyardError) => e.details.issues?.[0].field === 'path');
    await assert.rejects(client.exportLogs({ source: { kind: 'capture', id: ID }, path: join(captureDir, 'no/such/dir/x.log') }), /does not exist/);
  });

  it('searches under the view\'s filters, with each match\'s position and lines of context', async () => {
    const source = { kind: 'capture' as const, id: ID };
    const r = await client.searchLogs({ source, pattern: 'e', context: 1 });
    // The history: db start, hello, warn, long, ERROR, bye, ready (positions 0..6).
    assert.deepEqual(r.matches.map((m) => [m.index, m.text.slice(0, 5)]), [
      [1, 'hello'],
      [3, 'aaaaa'],
      [4, '\x1b[31m'],
      [5, 'bye'],
      [6, 'ready'],
    ]);
    assert.deepEqual(r.matches[0].before?.map((l) => l.text), ['db start']);
    assert.deepEqual(r.matches[2].before?.map((l) => l.text.slice(0, 3)), ['aaa']);
    assert.deepEqual(r.matches[2].after?.map((l) => l.text), ['bye']);
    assert.deepEqual(r.matches[4].after, [], 'nothing after the last line');
    const stderr = await client.searchLogs({ source, pattern: 'e', streams: ['stderr'] });
    assert.deepEqual(
      stderr.matches.map((m) => [m.index, m.service, m.stream]),
      [[1, 'web', 'stderr']],
      'positions count only the lines that pass the filter (warn is 0)',
    );
    const range = await client.searchLogs({ source: { ...source, services: ['web'] }, pattern: 'e', since: T(2), until: T(5) });
    assert.deepEqual(range.matches.map((m) => m.text.slice(-8)), ['ong line', 'happened']);
    assert.equal(range.scanned, 3);
  });

  it('reads pages of the history around a position or a time, to its edges', async () => {
    const source = { kind: 'capture' as const, id: ID };
    const text = (r: { lines: { text: string }[] }) => r.lines.map((l) => l.text.slice(0, 8));
    const mid = await client.logPage({ source, anchor: { index: 3 }, before: 2, after: 2 });
    assert.deepEqual({ first: mid.first, anchor: mid.anchor, atEnd: mid.atEnd }, { first: 1, anchor: 3, atEnd: false });
    assert.deepEqual(text(mid), ['hello', 'warn', 'aaaaaaaa', '\x1b[31mERR']);
    const start = await client.logPage({ source, anchor: { index: 1 }, before: 5, after: 1 });
    assert.equal(start.first, 0, 'no lines before the first');
    assert.deepEqual(text(start), ['db start', 'hello']);
    const end = await client.logPage({ source, anchor: { index: 5 }, before: 0, after: 10 });
    assert.deepEqual({ first: end.first, atEnd: end.atEnd }, { first: 5, atEnd: true });
    assert.deepEqual(text(end), ['bye', 'ready']);
    const past = await client.logPage({ source, anchor: { index: 99 }, before: 2, after: 2 });
    assert.deepEqual({ first: past.first, anchor: past.anchor, atEnd: past.atEnd }, { first: 5, anchor: 7, atEnd: true });
    const atTime = await client.logPage({ source, anchor: { time: T(5) }, before: 1, after: 1 });
    assert.equal(atTime.anchor, 4, 'a time: the first line at or after it');
    assert.deepEqual(text(atTime), ['aaaaaaaa', '\x1b[31mERR']);
    const filtered = await client.logPage({ source, streams: ['stderr'], anchor: { index: 0 }, before: 0, after: 5 });
    assert.deepEqual(text(filtered), ['warn', '\x1b[31mERR']);
    await assert.rejects(client.logPage({ source, anchor: { index: 0 }, before: 0, after: 5000 }), (e: BranchyardError) => e.details.issues?.[0].field === 'after');
  });

  it('exports with the filters, as JSON lines', async () => {
    const path = join(captureDir, 'export.jsonl');
    const r = await client.exportLogs({ source: { kind: 'capture', id: ID }, path, format: 'jsonl', streams: ['stderr'], until: T(4) });
    assert.equal(r.lines, 1);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { ts: T(2), service: 'web', stream: 'stderr', text: 'warn' });
  });

  it('saveLogs asks the shell where to save and writes there; cancelled, it writes nothing; no shell, refused', async () => {
    const asked: SaveDialogRequest[] = [];
    let answer: string | null = join(captureDir, 'saved.log');
    const shell = {
      notify() {},
      onEvent: () => () => {},
      async chooseSavePath(request: SaveDialogRequest) {
        asked.push(request);
        return answer;
      },
    };
    const app = connectInProcess(createHandlers(ctx, { fileAccess: 'own', shell }));
    try {
      const source = { kind: 'capture' as const, id: ID, services: ['db'] };
      const saved = await app.client.saveLogs({ source, suggestedName: 'web-main-db.log' });
      assert.deepEqual(asked, [{ suggestedName: 'web-main-db.log', format: 'text' }]);
      assert.equal(saved?.path, answer);
      assert.equal(saved?.lines, 2);
      assert.equal(readFileSync(answer!, 'utf8'), `${T(0)} db stdout db start\n${T(7)} db stdout ready\n`);
      answer = null;
      assert.equal(await app.client.saveLogs({ source, suggestedName: 'x.log' }), null);
      await assert.rejects(app.client.saveLogs({ source, suggestedName: '../x.log' }), (e: BranchyardError) => e.details.issues?.[0].field === 'suggestedName');
      // The page still cannot name a path itself.
      await assert.rejects(app.client.exportLogs({ source, path: join(captureDir, 'mine.log') }), (e: BranchyardError) => e.details.issues?.[0].field === 'path');
    } finally {
      app.host.close();
    }
    const browser = connectInProcess(createHandlers(ctx, { fileAccess: 'own' }));
    try {
      await assert.rejects(browser.client.saveLogs({ source: { kind: 'capture', id: ID }, suggestedName: 'x.log' }), /no desktop shell/);
    } finally {
      browser.host.close();
    }
  });

  it('a broken archive is a clear error', async () => {
    writeFileSync(join(captureDir, 'web-main/20261121T000000.000Z.tar.gz'), 'not gzip at all');
    const r = await collect({ source: { kind: 'capture', id: 'web-main/20261121T000000.000Z' } });
    assert.equal(r.error?.kind, 'engine');
    assert.match(r.error?.message ?? '', /capture archive .* cannot be read/);
  });
});
