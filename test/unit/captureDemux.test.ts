// Demultiplexing the engine's log stream: frames split anywhere across chunks, partial entries
// (lines the engine split at 16 KiB) recorded by their end offset, TTY logs kept raw.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { LogDemuxer, StreamRecorder } from '../../electron/engine/capture/logDemux.ts';

function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Collects what a recorder writes, and lets the test see back-pressure being respected. */
class Collect extends Writable {
  chunks: Buffer[] = [];
  constructor() {
    super({ highWaterMark: 4 });
  }
  override _write(c: Buffer, _e: BufferEncoding, done: () => void) {
    this.chunks.push(c);
    setImmediate(done);
  }
  get text() {
    return Buffer.concat(this.chunks).toString();
  }
  /** As a recorder's sink: the next piece only once this one was taken. */
  sink() {
    return {
      write: (piece: Buffer) =>
        new Promise<void>((res, rej) => {
          this.write(piece, (e) => (e ? rej(e) : res()));
        }),
    };
  }
}

async function demux(chunks: Buffer[], tty = false) {
  const out = { stdout: new Collect(), stderr: new Collect() };
  const rec = { stdout: new StreamRecorder(out.stdout.sink()), stderr: new StreamRecorder(out.stderr.sink()) };
  await pipeline(Readable.from(chunks, { objectMode: false }), new LogDemuxer(rec.stdout, rec.stderr, tty));
  // The recorders hand bytes on under back-pressure; the outputs finish what they were given.
  for (const o of [out.stdout, out.stderr]) o.end();
  await Promise.all([finished(out.stdout), finished(out.stderr)]);
  return { out, rec };
}

const long = 'x'.repeat(40);
const LOG = Buffer.concat([
  frame(1, 'T1 out one\n'),
  frame(2, 'T2 err one\n'),
  // A long line the engine split into three entries: two partial ones, then the end with "\n".
  frame(1, `T3 ${long}`),
  frame(1, `T4 ${long}`),
  frame(1, 'T5 end\n'),
  frame(2, 'T6 err partial'),
  frame(2, 'T7 err rest\n'),
  frame(1, 'T8 last without newline'),
]);
const STDOUT = `T1 out one\nT3 ${long}T4 ${long}T5 end\nT8 last without newline`;
const STDERR = 'T2 err one\nT6 err partialT7 err rest\n';

test('every split of the stream gives the same bytes, counts and partial offsets', async () => {
  for (let cut = 1; cut < LOG.length; cut += 1) {
    const { out } = await demux([LOG.subarray(0, cut), LOG.subarray(cut)]);
    assert.equal(out.stdout.text, STDOUT, `cut at ${cut}`);
    assert.equal(out.stderr.text, STDERR, `cut at ${cut}`);
  }
  // One byte per chunk: headers split everywhere.
  const { out, rec } = await demux([...LOG].map((b) => Buffer.from([b])));
  assert.equal(out.stdout.text, STDOUT);
  assert.equal(out.stderr.text, STDERR);
  assert.equal(rec.stdout.bytes, Buffer.byteLength(STDOUT));
  assert.equal(rec.stdout.digest(), createHash('sha256').update(STDOUT).digest('hex'));
  const firstPartialEnd = 'T1 out one\n'.length + `T3 ${long}`.length;
  assert.deepEqual(rec.stdout.partialEnds, [firstPartialEnd, firstPartialEnd + `T4 ${long}`.length, Buffer.byteLength(STDOUT)]);
  assert.deepEqual(rec.stderr.partialEnds, ['T2 err one\nT6 err partial'.length]);
  assert.equal(rec.stdout.lines, 3);
  assert.equal(rec.stderr.lines, 2);
});

test('a TTY log is raw: all of it is stdout, with no partials', async () => {
  const raw = Buffer.from('\u0001\u0000\u0000\u0000 looks like a header but is a TTY\r\nline 2\r\n');
  const { out, rec } = await demux([raw.subarray(0, 3), raw.subarray(3)], true);
  assert.equal(out.stdout.text, raw.toString());
  assert.equal(rec.stderr.bytes, 0);
  assert.deepEqual(rec.stdout.partialEnds, []);
  assert.equal(rec.stdout.lines, 2);
});

test('a stream that is not multiplexed, or ends inside a frame, is an error', async () => {
  await assert.rejects(demux([Buffer.from('plain text, no frames\n')]), /not multiplexed as expected/);
  await assert.rejects(demux([frame(1, 'complete\n'), frame(1, 'cut off').subarray(0, 10)]), /ended in the middle of a frame/);
  await assert.rejects(demux([frame(1, 'x').subarray(0, 5)]), /ended in the middle of a frame/);
});

test('an empty log gives empty streams', async () => {
  const { rec } = await demux([]);
  assert.equal(rec.stdout.bytes + rec.stderr.bytes, 0);
  assert.equal(rec.stdout.lines, 0);
});
