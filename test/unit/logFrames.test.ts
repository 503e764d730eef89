import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCapturedLog } from '../../electron/engine/logs/capturedEntrySplitter.ts';
import { FrameDemuxer, type FrameStream } from '../../electron/engine/docker/frameDemuxer.ts';
import { RawEntrySplitter } from '../../electron/engine/logs/rawEntrySplitter.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function frame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(4, payload.length, false);
  out.set(payload, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at the given offsets. */
function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const payloads: Array<[number, string]> = [
  [1, '2026-11-21T10:15:00.000000001Z out one\n'],
  [2, '2026-11-21T10:15:00.000000002Z err one\n'],
  [1, '2026-11-21T10:15:00.000000003Z '],
  [1, `2026-11-21T10:15:00.000000004Z ${'x'.repeat(70000)}\n`],
  [2, '2026-11-21T10:15:00.000000005Z ü€😀\n'],
];
const stream = concat(payloads.map(([t, p]) => frame(t, enc.encode(p))));

function demuxAll(chunks: Uint8Array[]): Array<[FrameStream, string]> {
  const d = new FrameDemuxer();
  const out: Array<[FrameStream, string]> = [];
  for (const c of chunks) d.push(c, (s, p) => out.push([s, dec.decode(p)]));
  assert.equal(d.midFrame, false);
  return out;
}

const expected = payloads.map(([t, p]): [FrameStream, string] => [t === 1 ? 'stdout' : 'stderr', p]);

test('frames come out whole whatever the chunking: one chunk, byte by byte, and at every cut', () => {
  assert.deepEqual(demuxAll([stream]), expected);
  assert.deepEqual(demuxAll(cutAt(stream, Array.from({ length: 200 }, (_, i) => i))), expected);
  // Every single cut point across the first frames (inside headers and payloads).
  for (let cut = 1; cut < 120; cut++) assert.deepEqual(demuxAll(cutAt(stream, [cut])), expected, `cut at ${cut}`);
});

test('frames come out whole over random chunkings', () => {
  const next = rng(42);
  for (let round = 0; round < 200; round++) {
    const cuts = Array.from({ length: 1 + Math.floor(next() * 30) }, () => Math.floor(next() * stream.length));
    assert.deepEqual(demuxAll(cutAt(stream, cuts)), expected, `round ${round}: cuts ${cuts}`);
  }
});

test('a stream cut inside a frame is seen as such', () => {
  const d = new FrameDemuxer();
  const seen: string[] = [];
  d.push(stream.slice(0, 20), (_s, p) => seen.push(dec.decode(p)));
  assert.equal(d.midFrame, true);
  assert.deepEqual(seen, []);
});

test('a TTY stream splits into entries at newlines and at a 16 KiB part followed by a timestamp', () => {
  const ts = (n: number) => `2026-11-21T10:15:00.00000000${n}Z `;
  const part1 = 'a'.repeat(16 * 1024);
  const entries = [`${ts(1)}hello\r\n`, `${ts(2)}${part1}`, `${ts(3)}${'b'.repeat(100)}\r\n`, `${ts(4)}last, no newline`];
  const raw = enc.encode(entries.join(''));
  const next = rng(7);
  for (let round = 0; round < 50; round++) {
    const split = new RawEntrySplitter();
    const out: string[] = [];
    const cuts = round === 0 ? [] : Array.from({ length: 1 + Math.floor(next() * 10) }, () => Math.floor(next() * raw.length));
    for (const c of cutAt(raw, cuts)) split.push(c, (e) => out.push(dec.decode(e)));
    split.flush((e) => out.push(dec.decode(e)));
    assert.deepEqual(out, entries, `cuts ${cuts}`);
  }
});

test('a TTY line of exactly 16 KiB is not split where no timestamp follows', () => {
  const text = `2026-11-21T10:15:00.000000001Z ${'c'.repeat(16 * 1024)}and more\n`;
  const split = new RawEntrySplitter();
  const out: string[] = [];
  split.push(enc.encode(text), (e) => out.push(dec.decode(e)));
  assert.deepEqual(out, [text]);
});

test('splitCapturedLog splits at newlines and at the partial offsets only', () => {
  const entries = ['2026-11-21T10:15:00.000000001Z one\n', '2026-11-21T10:15:00.000000002Z part ', '2026-11-21T10:15:00.000000003Z two\n', '2026-11-21T10:15:00.000000004Z tail'];
  const bytes = enc.encode(entries.join(''));
  const partialEnd = enc.encode(entries[0] + entries[1]).length;
  assert.deepEqual(splitCapturedLog(bytes, [partialEnd]).map((e) => dec.decode(e)), entries);
  // Without the offsets the partial and its continuation are one entry.
  assert.deepEqual(splitCapturedLog(bytes, []).map((e) => dec.decode(e)), [entries[0], entries[1] + entries[2], entries[3]]);
  assert.deepEqual(splitCapturedLog(new Uint8Array(0), []), []);
});

test('the streaming capture splitter agrees with the whole-file split at every chunking', async () => {
  const { CapturedEntrySplitter } = await import('../../electron/engine/logs/capturedEntrySplitter.ts');
  const entries = ['2026-11-21T10:15:00.000000001Z ü€\n', '2026-11-21T10:15:00.000000002Z p1', '2026-11-21T10:15:00.000000003Z p2', '2026-11-21T10:15:00.000000004Z end\n'];
  const bytes = enc.encode(entries.join(''));
  const ends = [enc.encode(entries[0] + entries[1]).length, enc.encode(entries[0] + entries[1] + entries[2]).length];
  for (let cut = 1; cut < bytes.length; cut++) {
    for (const second of [cut + 1, cut + 7]) {
      const s = new CapturedEntrySplitter(ends);
      const out: string[] = [];
      for (const c of cutAt(bytes, [cut, second])) s.push(c, (e) => out.push(dec.decode(e)));
      s.flush((e) => out.push(dec.decode(e)));
      assert.deepEqual(out, entries, `cuts ${cut}, ${second}`);
    }
  }
});
