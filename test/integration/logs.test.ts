// Logs through the contract against the real engine: containers made directly (labelled as a
// stack, no network) write known output; the `logs` stream, searchLogs, exportLogs and the
// command line must give it back exactly, across 16 KiB splits and a cut follow connection.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import type { BranchyardClient, Subscription } from '../../shared/api/client.ts';
import { streamPolicy } from '../../shared/api/contract.ts';
import type { LogLine, LogsEvent, LogsParams } from '../../shared/api/logs.ts';
import type { BranchyardError } from '../../shared/errors/errors.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { demuxFrames } from '../../electron/engine/docker/logTail.ts';
import { openEngineStreams } from '../../electron/engine/logs/engineStreams.ts';
import { cli, cliProcess, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const DEBIAN = 'branchyard-test/debian:bookworm';
const prefix = runPrefix('logs');
const tmp = tempDir();
const stacks = { mixed: `${prefix}-mixed`, counter: `${prefix}-counter`, pair: `${prefix}-pair`, seq: `${prefix}-seq`, tty: `${prefix}-tty` };

async function start(stack: string, service: string, script: string, o: { tty?: boolean; logDriver?: string } = {}): Promise<Docker.Container> {
  const c = await docker.createContainer({
    Image: DEBIAN,
    Cmd: ['bash', '-c', script],
    Tty: o.tty ?? false,
    Labels: { [LABEL.stack]: stack, [LABEL.service]: service },
    HostConfig: { NetworkMode: 'none', ...(o.logDriver ? { LogConfig: { Type: o.logDriver, Config: {} } } : {}) },
  });
  await c.start();
  return c;
}

let client: BranchyardClient;

type Collected = { events: LogsEvent[]; error?: BranchyardError };

function collect(params: LogsParams): Promise<Collected> {
  return new Promise((resolve) => {
    const events: LogsEvent[] = [];
    let error: BranchyardError | undefined;
    client.subscribe('logs', params, { next: (e) => events.push(e), error: (e) => (error = e), end: () => resolve({ events, error }) });
  });
}

const linesOf = (events: LogsEvent[]) => events.filter((e): e is LogsEvent & LogLine & { type: 'line' } => e.type === 'line');

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const streamsOf = (containerId: string) => openEngineStreams().filter((s) => s.containerId === containerId);

// 4 000 × "ü€😀" is 36 000 bytes: the engine's cuts at 16 384 and 32 768 fall inside € and 😀.
const MULTI = 'ü€😀'.repeat(4000);
const BIG = Array.from({ length: 20000 }, (_, i) => String(i + 1))
  .join('')
  .slice(0, 40960);
const MIXED_SCRIPT = [
  "printf 'out one\\n'",
  'sleep 0.05',
  "printf 'err one\\n' >&2",
  'sleep 0.05',
  "s=$(printf 'ü€😀%.0s' $(seq 1 4000)); printf '%s\\n' \"$s\"",
  "seq 1 20000 | tr -d '\\n' | head -c 40960; printf '\\n'",
  'sleep 0.05',
  "printf 'err two\\n' >&2",
  "printf 'out last\\n'",
].join('\n');

describe('logs', () => {
  const containers: Record<string, Docker.Container> = {};

  before(async () => {
    await removeAll(prefix);
    client = openLocalClient();
    // The same output under both log drivers: json-file (the default) and local. json-file keeps
    // entries as JSON strings, so it replaces the bytes of a character the engine cut at 16 KiB
    // with U+FFFD on disk; local keeps bytes, so only there can the characters come back whole.
    containers.mixed = await start(stacks.mixed, 'jsonfile', MIXED_SCRIPT);
    containers.mixedLocal = await start(stacks.mixed, 'local', MIXED_SCRIPT, { logDriver: 'local' });
    containers.counter = await start(stacks.counter, 'counter', 'i=0; while :; do i=$((i+1)); echo $i; sleep 0.01; done');
    // Started together and writing for about a second each, so their lines interleave.
    [containers.alpha, containers.beta] = await Promise.all([
      start(stacks.pair, 'alpha', 'for i in $(seq 1 30); do echo "alpha $i"; sleep 0.03; done; echo "alpha oops" >&2'),
      start(stacks.pair, 'beta', 'for i in $(seq 1 30); do echo "beta $i"; sleep 0.037; done'),
    ]);
    containers.seq = await start(stacks.seq, 'numbers', "seq 1 200000; echo 'Needle In The Haystack'");
    containers.tty = await start(stacks.tty, 'term', "printf 'tty line\\n'; head -c 40000 /dev/zero | tr '\\0' t; printf '\\n'", { tty: true });
    await Promise.all([containers.mixed, containers.mixedLocal, containers.alpha, containers.beta, containers.seq, containers.tty].map((c) => c.wait()));
  });

  after(async () => {
    client?.close();
    await removeAll(prefix);
    tmp.remove();
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it('separates stdout and stderr, joins 16 KiB parts, and keeps multi-byte characters whole', async () => {
    // The premise: the engine really did cut these lines, and inside a character.
    const raw = Buffer.from((await containers.mixedLocal.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
    const frames = demuxFrames(raw);
    assert.ok(frames.length >= 10, `expected partial frames, got ${frames.length}`);
    assert.ok(
      frames.some((f) => f.length > 0 && f[f.length - 1] >= 0x80 && f[f.length - 1] < 0xc0 && f.subarray(-4).includes(0xf0)),
      'a partial frame ends inside a multi-byte character',
    );

    const { events, error } = await collect({ source: { kind: 'live', stack: stacks.mixed } });
    assert.equal(error, undefined);
    const all = linesOf(events);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].ts <= all[i].ts, 'in time order');
    assert.equal(events.at(-1)?.type, 'caught-up');
    for (const service of ['jsonfile', 'local']) {
      const lines = all.filter((l) => l.service === service);
      const out = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
      const err = lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
      assert.equal(out.length, 4, `${service} stdout lines: ${out.map((t) => t.slice(0, 20))}`);
      assert.equal(out[0], 'out one');
      assert.equal(Buffer.from(out[2]).length, 40960, service);
      assert.ok(out[2] === BIG, `${service}: the 40 KiB line is byte-identical`);
      assert.equal(out[3], 'out last');
      assert.deepEqual(err, ['err one', 'err two'], service);
      assert.ok(out[1].startsWith('ü€😀ü€😀') && out[1].endsWith('ü€😀ü€😀'), `${service}: the multi-byte line is one line`);
    }
    const local = all.filter((l) => l.service === 'local' && l.stream === 'stdout');
    assert.ok(local[1].text === MULTI, 'the multi-byte line is intact');
  });

  it('a TTY container\'s raw stream gives whole lines, CRLF removed', async () => {
    const { events, error } = await collect({ source: { kind: 'live', stack: stacks.tty } });
    assert.equal(error, undefined);
    const lines = linesOf(events);
    assert.deepEqual(
      lines.map((l) => [l.stream, l.text.length, l.text.slice(0, 8)]),
      [
        ['stdout', 8, 'tty line'],
        ['stdout', 40000, 'tttttttt'],
      ],
    );
    assert.ok(lines[1].text === 't'.repeat(40000));
  });

  it('follows across a cut connection with no gap and no duplicate, and leaves no engine stream open', async () => {
    const numbers: number[] = [];
    const notices: string[] = [];
    let caughtUp = false;
    const id = containers.counter.id;
    const sub: Subscription = client.subscribe(
      'logs',
      { source: { kind: 'live', stack: stacks.counter }, follow: true },
      {
        next: (e) => {
          if (e.type === 'line') numbers.push(Number(e.text));
          else if (e.type === 'caught-up') caughtUp = true;
          else notices.push(e.message);
        },
      },
    );
    try {
      await until('50 lines and caught-up', () => caughtUp && numbers.length >= 50);
      for (let cut = 1; cut <= 2; cut++) {
        const before = numbers.length;
        const open = streamsOf(id).filter((s) => s.purpose === 'follow');
        assert.equal(open.length, 1, 'one follow stream for the container');
        open[0].destroy();
        await until(`lines after cut ${cut}`, () => notices.length >= cut && numbers.length >= before + 40);
      }
    } finally {
      sub.dispose();
    }
    assert.equal(numbers[0], 1, 'the history starts at the first line');
    for (let i = 1; i < numbers.length; i++) {
      assert.equal(numbers[i], numbers[i - 1] + 1, `line ${i}: ${numbers[i - 1]} then ${numbers[i]} (gap or duplicate)`);
    }
    assert.match(notices[0], /cut; resuming from \d{4}-/);
    await until('no open engine stream', () => streamsOf(id).length === 0, 3000);
  });

  it('disposing at once, before anything came, also leaves no engine stream open', async () => {
    const sub = client.subscribe('logs', { source: { kind: 'live', stack: stacks.counter }, follow: true }, { next: () => {} });
    await new Promise((r) => setTimeout(r, 5));
    sub.dispose();
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(streamsOf(containers.counter.id).map((s) => s.purpose), []);
  });

  it('pauses the engine side while the viewer does not acknowledge, and goes on when it does', async () => {
    let lines = 0;
    let bytes = 0;
    const size = streamPolicy('logs').size;
    let ended = false;
    const sub = client.subscribe(
      'logs',
      { source: { kind: 'live', stack: stacks.seq } },
      {
        next: (e) => {
          bytes += size(e);
          if (e.type === 'line') lines++;
        },
        end: () => (ended = true),
      },
      { manualAck: true },
    );
    // Nothing acknowledged: the host pauses at its high watermark, the merger pauses the response.
    let seen = -1;
    let since = Date.now();
    await until('the stream to stop growing', () => {
      if (lines !== seen) {
        seen = lines;
        since = Date.now();
      }
      return lines > 0 && Date.now() - since > 700;
    });
    assert.ok(lines < 50_000, `paused early (${lines} of 200001 lines delivered)`);
    assert.equal(ended, false);
    const open = streamsOf(containers.seq.id);
    assert.deepEqual(open.map((o) => [o.purpose, o.paused()]), [['history', true]], 'the engine response itself is paused');
    // Acknowledging everything, as it comes, lets it finish.
    sub.ack(bytes);
    let acked = bytes;
    await until('the end of the stream', () => {
      if (bytes > acked) {
        sub.ack(bytes - acked);
        acked = bytes;
      }
      return ended;
    }, 60_000);
    assert.equal(lines, 200001);
  });

  it('stops following a container that is removed', async () => {
    const doomed = await start(`${prefix}-doomed`, 'doomed', 'while :; do echo tick; sleep 0.05; done');
    const events: LogsEvent[] = [];
    let ended = false;
    let failed: BranchyardError | undefined;
    const sub = client.subscribe('logs', { source: { kind: 'live', stack: `${prefix}-doomed` }, follow: true }, {
      next: (e) => events.push(e),
      error: (e) => (failed = e),
      end: () => (ended = true),
    });
    try {
      await until('live lines', () => events.some((e) => e.type === 'caught-up') && linesOf(events).length > 3);
      await doomed.remove({ force: true });
      await until('the stream to end', () => ended, 10_000);
      assert.equal(failed, undefined);
      assert.deepEqual(streamsOf(doomed.id), []);
    } finally {
      sub.dispose();
    }
  });

  it('merges two services in time order, each in its own order; filters services; tails', async () => {
    const { events, error } = await collect({ source: { kind: 'live', stack: stacks.pair }, follow: true });
    assert.equal(error, undefined, 'a follow of stopped containers ends after their history');
    const lines = linesOf(events);
    assert.equal(lines.length, 61);
    for (let i = 1; i < lines.length; i++) assert.ok(lines[i - 1].ts <= lines[i].ts, `line ${i} is in time order`);
    const of = (service: string, stream = 'stdout') => lines.filter((l) => l.service === service && l.stream === stream).map((l) => l.text);
    assert.deepEqual(of('alpha'), Array.from({ length: 30 }, (_, i) => `alpha ${i + 1}`));
    assert.deepEqual(of('beta'), Array.from({ length: 30 }, (_, i) => `beta ${i + 1}`));
    assert.deepEqual(of('alpha', 'stderr'), ['alpha oops']);
    const switches = lines.filter((l, i) => i > 0 && l.service !== lines[i - 1].service).length;
    assert.ok(switches > 5, `interleaved, not one service after the other (${switches} switches)`);
    assert.equal(events.at(-1)?.type, 'caught-up');

    const beta = linesOf((await collect({ source: { kind: 'live', stack: stacks.pair, services: ['beta'] } })).events);
    assert.deepEqual([...new Set(beta.map((l) => l.service))], ['beta']);
    const tailed = linesOf((await collect({ source: { kind: 'live', stack: stacks.pair }, tail: 2 })).events);
    assert.deepEqual(tailed.map((l) => l.text).sort(), ['alpha 30', 'alpha oops', 'beta 29', 'beta 30']);
    for (let i = 1; i < tailed.length; i++) assert.ok(tailed[i - 1].ts <= tailed[i].ts);
    const middle = lines[30].ts;
    const since = linesOf((await collect({ source: { kind: 'live', stack: stacks.pair }, since: middle })).events);
    assert.deepEqual(since.map((l) => l.text), lines.slice(30).map((l) => l.text));
  });

  it('names the stack or service that does not exist, and the field of a bad since', async () => {
    const noStack = await collect({ source: { kind: 'live', stack: `${prefix}-nosuch` } });
    assert.equal(noStack.error?.kind, 'not-found');
    assert.match(noStack.error?.message ?? '', new RegExp(`no stack named '${prefix}-nosuch'`));
    const noService = await collect({ source: { kind: 'live', stack: stacks.pair, services: ['gamma'] } });
    assert.equal(noService.error?.kind, 'not-found');
    assert.match(noService.error?.message ?? '', /has no service 'gamma' \(its services: alpha, beta\)/);
    const badSince = await collect({ source: { kind: 'live', stack: stacks.pair }, since: 'last tuesday' });
    assert.equal(badSince.error?.kind, 'invalid-input');
    assert.equal(badSince.error?.details.issues?.[0].field, 'since');
  });

  it('searches the whole history: early lines, limit, case', async () => {
    const source = { kind: 'live' as const, stack: stacks.seq };
    const five = await client.searchLogs({ source, pattern: '^5$', regex: true });
    assert.deepEqual(five.matches.map((m) => m.text), ['5']);
    assert.equal(five.truncated, false);
    assert.equal(five.scanned, 200001);
    const limited = await client.searchLogs({ source, pattern: '1234', limit: 3 });
    assert.deepEqual(limited.matches.map((m) => m.text), ['1234', '11234', '12340']);
    assert.equal(limited.truncated, true);
    assert.deepEqual((await client.searchLogs({ source, pattern: 'needle in the' })).matches.map((m) => m.text), ['Needle In The Haystack']);
    assert.equal((await client.searchLogs({ source, pattern: 'needle in the', caseSensitive: true })).matches.length, 0);
    await assert.rejects(client.searchLogs({ source, pattern: '[', regex: true }), (e: BranchyardError) => e.kind === 'invalid-input' && e.details.issues?.[0].field === 'pattern');
  });

  it('exports the merged lines to a file', async () => {
    const path = join(tmp.dir, 'pair.log');
    const r = await client.exportLogs({ source: { kind: 'live', stack: stacks.pair }, path });
    const text = readFileSync(path, 'utf8');
    assert.equal(r.path, path);
    assert.equal(r.lines, 61);
    assert.equal(r.bytes, Buffer.byteLength(text));
    const rows = text.trimEnd().split('\n');
    assert.equal(rows.length, 61);
    assert.match(rows[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (alpha|beta) stdout (alpha|beta) 1$/);
    assert.ok(rows.some((l) => l.endsWith(' alpha stderr alpha oops')));
    const ts = rows.map((l) => l.split(' ')[0]);
    assert.deepEqual(ts, [...ts].sort());
    assert.equal(existsSync(`${path}.partial`), false);
    await assert.rejects(client.exportLogs({ source: { kind: 'live', stack: stacks.pair }, path: 'pair.log' }), (e: BranchyardError) => e.details.issues?.[0].field === 'path');
  });

  it('the command line prints the merged logs, marks stderr, and exits with the right status', async () => {
    const r = await cli(['logs', stacks.pair]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^alpha {2}\| alpha 1$/m);
    assert.match(r.stdout, /^beta {3}\| beta 30$/m);
    assert.match(r.stdout, /^alpha! \| alpha oops$/m);
    assert.equal(r.stdout.trimEnd().split('\n').length, 61);

    const j = await cli(['logs', stacks.pair, 'beta', '--json', '--tail', '3', '--grep', 'BETA 2']);
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual(
      j.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as LogLine).text),
      ['beta 28', 'beta 29'],
    );
    const ts = await cli(['logs', stacks.pair, 'alpha', '--timestamps', '--tail', '1']);
    assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT\S+Z alpha! \| alpha oops\n$/);

    assert.equal((await cli(['logs', `${prefix}-nosuch`])).code, 1);
    const bad = await cli(['logs', stacks.pair, '--since', 'yesterday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /since: 'yesterday' is not a time/);
    assert.equal((await cli(['logs', stacks.pair, '--tail', 'x'])).code, 2);
  });

  it('the command line follows until Ctrl-C and then exits 0', async () => {
    const child = cliProcess(['logs', stacks.counter, '-f', '--tail', '5']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await until('followed output', () => out.split('\n').length > 20, 30_000);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    const nums = out
      .trimEnd()
      .split('\n')
      .map((l) => Number(l.split('| ')[1]));
    for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1] + 1);
  });
});
