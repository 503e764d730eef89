import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineAssembler, parseEntry, utf8Boundary } from '../../electron/engine/logs/lineAssembler.ts';

const enc = new TextEncoder();

function feed(a: LineAssembler, entries: Array<[string, Uint8Array | string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [ts, c] of entries) a.push(ts, typeof c === 'string' ? enc.encode(c) : c, (t, text) => out.push([t, text]));
  return out;
}

test('parseEntry splits the timestamp from the content', () => {
  const e = parseEntry(enc.encode('2026-11-21T10:15:00.123456789Z hello world\n'));
  assert.equal(e.ts, '2026-11-21T10:15:00.123456789Z');
  assert.equal(new TextDecoder().decode(e.content), 'hello world\n');
  assert.equal(parseEntry(enc.encode('no-timestamp-here-and-no-space-within-the-first-sixty-four-bytes-at-all ok')).ts, '');
});

test('partial entries join into one line carrying the first part\'s timestamp', () => {
  const a = new LineAssembler();
  const lines = feed(a, [
    ['t1', 'a'.repeat(16384)],
    ['t2', 'b'.repeat(16384)],
    ['t3', 'c\n'],
    ['t4', 'next\n'],
  ]);
  assert.deepEqual(lines, [
    ['t1', `${'a'.repeat(16384)}${'b'.repeat(16384)}c`],
    ['t4', 'next'],
  ]);
});

test('a multi-byte character split between entries decodes right', () => {
  const pad = 'a'.repeat(16380);
  const bytes = enc.encode(`${pad}ü€😀\n`);
  // The engine cuts after 16 384 bytes; move the text so that the cut falls at every offset in it.
  for (let shift = 0; shift < 10; shift++) {
    const b = new Uint8Array([...enc.encode('x'.repeat(shift)), ...bytes]);
    const lines = feed(new LineAssembler(), [
      ['t1', b.slice(0, 16384)],
      ['t2', b.slice(16384)],
    ]);
    assert.deepEqual(lines, [['t1', `${'x'.repeat(shift)}${pad}ü€😀`]], `shift ${shift}`);
  }
});

test('a short part without a newline ends its line (the local driver drops that newline)', () => {
  const a = new LineAssembler();
  const lines = feed(a, [
    ['t1', 'a'.repeat(16384)],
    ['t2', 'end of long'],
    ['t3', 'next line\n'],
  ]);
  assert.deepEqual(lines, [
    ['t1', `${'a'.repeat(16384)}end of long`],
    ['t3', 'next line'],
  ]);
});

test('CRLF and LF are stripped, other carriage returns and ANSI codes kept', () => {
  const a = new LineAssembler();
  assert.deepEqual(
    feed(a, [
      ['t1', 'dos\r\n'],
      ['t2', 'unix\n'],
      ['t3', 'progress\r50%\n'],
      ['t4', '\x1b[31mred\x1b[0m\n'],
      ['t5', '\n'],
      ['t6', `${'c'.repeat(16383)}\r`],
      ['t7', '\n'],
    ]),
    [
      ['t1', 'dos'],
      ['t2', 'unix'],
      ['t3', 'progress\r50%'],
      ['t4', '\x1b[31mred\x1b[0m'],
      ['t5', ''],
      ['t6', 'c'.repeat(16383)],
    ],
  );
});

test('flush delivers a last line without a newline', () => {
  const a = new LineAssembler({ partialBytes: 4 });
  assert.deepEqual(feed(a, [['t1', 'no newline']]), []);
  const out: string[] = [];
  a.flush((_t, text) => out.push(text));
  assert.deepEqual(out, ['no newline']);
  a.flush(() => assert.fail('nothing left'));
});

test('a line beyond the maximum is cut at a character boundary', () => {
  const a = new LineAssembler({ maxLineBytes: 10, partialBytes: 4 });
  const euro = enc.encode('€');
  const lines = feed(a, [
    ['t1', new Uint8Array([...enc.encode('123456789'), euro[0], euro[1]])], // 11 bytes, € unfinished
    ['t2', new Uint8Array([euro[2], ...enc.encode('end\n')])],
  ]);
  assert.deepEqual(lines, [
    ['t1', '123456789'],
    ['t1', '€end'],
  ]);
  // A complete character at the cut stays whole.
  assert.deepEqual(feed(new LineAssembler({ maxLineBytes: 10, partialBytes: 4 }), [['t1', '12345678€']]), [['t1', '12345678€']]);
});

test('utf8Boundary finds where an unfinished sequence starts', () => {
  const e = enc.encode('a€');
  assert.equal(utf8Boundary(e), 4);
  assert.equal(utf8Boundary(e.slice(0, 3)), 1);
  assert.equal(utf8Boundary(e.slice(0, 2)), 1);
  assert.equal(utf8Boundary(enc.encode('😀').slice(0, 3)), 0);
  assert.equal(utf8Boundary(new Uint8Array(0)), 0);
});
