import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../shared/api/codec.ts';

/** A frame built by hand: u32 JSON length, JSON, then u32 length + bytes per attachment. */
function frame(json: string, attachments: Uint8Array[] = [], jsonLength?: number): Uint8Array {
  const head = new TextEncoder().encode(json);
  const parts = [u32(jsonLength ?? head.byteLength), head];
  for (const a of attachments) parts.push(u32(a.byteLength), a);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

test('nested Uint8Arrays come back as Uint8Arrays with the same bytes, in place', () => {
  const message = {
    t: 'events',
    id: 7,
    events: [
      { type: 'data', data: new Uint8Array([0, 1, 2, 255]) },
      { type: 'exit', code: 0 },
      { nested: { deeper: [new Uint8Array([9]), 'text', new Uint8Array([10, 11])] } },
    ],
    bytes: 7,
  };
  const back = decodeMessage(encodeMessage(message)) as typeof message;
  assert.deepEqual(back, message);
  const first = (back.events[0] as { data: Uint8Array }).data;
  assert.ok(first instanceof Uint8Array);
  assert.equal(Object.getPrototypeOf(first), Uint8Array.prototype);
});

test('an empty Uint8Array survives and stays distinct from its neighbours', () => {
  const message = { a: new Uint8Array(0), b: new Uint8Array([1]), c: new Uint8Array(0) };
  const back = decodeMessage(encodeMessage(message)) as typeof message;
  assert.deepEqual(back, message);
  assert.equal(back.a.byteLength, 0);
  assert.equal(back.b[0], 1);
});

test('UTF-8 text of every width round trips', () => {
  const text = 'plain, é, ü, 日本語, 🚀 emoji, \u0000 nul, "quotes" and \\ backslash';
  const message = { t: 'result', id: 1, result: { text, [text]: text } };
  assert.deepEqual(decodeMessage(encodeMessage(message)), message);
});

test('many attachments keep their order and sizes', () => {
  const chunks = Array.from({ length: 1000 }, (_, i) => new Uint8Array(i % 17).fill(i % 251));
  chunks.push(new Uint8Array(256 * 1024).fill(7));
  const back = decodeMessage(encodeMessage({ chunks })) as { chunks: Uint8Array[] };
  assert.equal(back.chunks.length, chunks.length);
  for (let i = 0; i < chunks.length; i++) assert.deepEqual(back.chunks[i], chunks[i], `chunk ${i}`);
});

test('a frame that is a view into a larger buffer decodes (as ws and browsers may hand one over)', () => {
  const encoded = encodeMessage({ x: new Uint8Array([5, 6]), s: 'ok' });
  const big = new Uint8Array(encoded.byteLength + 13);
  big.set(encoded, 5);
  assert.deepEqual(decodeMessage(big.subarray(5, 5 + encoded.byteLength)), { x: new Uint8Array([5, 6]), s: 'ok' });
});

test('a frame that is shorter than its header is rejected', () => {
  assert.throws(() => decodeMessage(new Uint8Array(0)), /header/);
  assert.throws(() => decodeMessage(new Uint8Array([0, 0, 1])), /header/);
});

test('a JSON length beyond the frame is rejected', () => {
  assert.throws(() => decodeMessage(frame('{}', [], 50)), /JSON/);
});

test('truncated attachments are rejected', () => {
  const whole = frame('{"a":{"__branchyard_bytes__":0}}', [new Uint8Array([1, 2, 3, 4])]);
  assert.throws(() => decodeMessage(whole.subarray(0, whole.byteLength - 1)), /truncated attachment/);
  const headerCut = frame('{}', [new Uint8Array([1])]);
  assert.throws(() => decodeMessage(headerCut.subarray(0, headerCut.byteLength - 3)), /truncated attachment header/);
});

test('JSON that does not parse is rejected', () => {
  assert.throws(() => decodeMessage(frame('{"t":')), SyntaxError);
  assert.throws(() => decodeMessage(frame('')), SyntaxError);
});

test('a reference to an attachment that is not there is rejected', () => {
  assert.throws(() => decodeMessage(frame('{"a":{"__branchyard_bytes__":0}}')), /missing attachment/);
  assert.throws(() => decodeMessage(frame('{"a":{"__branchyard_bytes__":1}}', [new Uint8Array([1])])), /missing attachment/);
});

test('a reference that is not an attachment index yields no other object', () => {
  // A hostile frame must not turn a reference into Array.prototype, a length or a method.
  for (const ref of ['"__proto__"', '"length"', '"constructor"', '"0"', '-1', '0.5', 'null', '{}']) {
    assert.throws(() => decodeMessage(frame(`{"a":{"__branchyard_bytes__":${ref}}}`, [new Uint8Array([1])])), /missing attachment/, ref);
  }
});
