// The log view's pure parts: the bounded line buffer and the ANSI colour parser.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnsi } from '../../renderer/src/logs/ansi.ts';
import { RingBuffer } from '../../renderer/src/logs/ringBuffer.ts';

test('the ring buffer keeps the newest items and counts what it dropped', () => {
  const b = new RingBuffer<number>(3);
  assert.equal(b.length, 0);
  assert.equal(b.last(), undefined);
  for (let i = 1; i <= 5; i++) b.push(i);
  assert.deepEqual(b.toArray(), [3, 4, 5]);
  assert.equal(b.length, 3);
  assert.equal(b.dropped, 2);
  assert.equal(b.at(0), 3);
  assert.equal(b.at(3), undefined);
  assert.equal(b.at(-1), undefined);
  assert.equal(b.last(), 5);
  assert.throws(() => new RingBuffer(0));
});

test('10 000 lines stay 10 000 however many arrive', () => {
  const b = new RingBuffer<string>(10_000);
  for (let i = 0; i < 25_000; i++) b.push(`line ${i}`);
  assert.equal(b.length, 10_000);
  assert.equal(b.at(0), 'line 15000');
  assert.equal(b.last(), 'line 24999');
  assert.equal(b.dropped, 15_000);
});

test('plain text is one segment', () => {
  assert.deepEqual(parseAnsi('hello world'), [{ text: 'hello world', className: '' }]);
  assert.deepEqual(parseAnsi(''), []);
  assert.deepEqual(parseAnsi('a\tb'), [{ text: 'a\tb', className: '' }]);
});

test('SGR: basic and bright colours, backgrounds, bold, resets', () => {
  assert.deepEqual(parseAnsi('\x1b[31mred\x1b[0m plain'), [
    { text: 'red', className: 'a-f1' },
    { text: ' plain', className: '' },
  ]);
  assert.deepEqual(parseAnsi('\x1b[1;92;44mX\x1b[22mY\x1b[39;49mZ'), [
    { text: 'X', className: 'a-f10 a-b4 a-bold' },
    { text: 'Y', className: 'a-f10 a-b4' },
    { text: 'Z', className: '' },
  ]);
  assert.deepEqual(parseAnsi('\x1b[mA\x1b[103mB'), [
    { text: 'A', className: '' },
    { text: 'B', className: 'a-b11' },
  ]);
});

test('256 and true colours are skipped with their arguments, not read as other codes', () => {
  // 38;5;1 must not turn bold on (the 1 is a colour index), 48;2;... must not set colours.
  assert.deepEqual(parseAnsi('\x1b[38;5;1mA\x1b[48;2;31;32;33mB\x1b[1mC'), [
    { text: 'AB', className: '' },
    { text: 'C', className: 'a-bold' },
  ]);
});

test('other escape sequences and control characters are dropped', () => {
  assert.deepEqual(parseAnsi('\x1b[2J\x1b[1;1Hclear'), [{ text: 'clear', className: '' }]);
  assert.deepEqual(parseAnsi('\x1b]0;window title\x07after'), [{ text: 'after', className: '' }]);
  assert.deepEqual(parseAnsi('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\'), [{ text: 'link', className: '' }]);
  assert.deepEqual(parseAnsi('\x1b(Bcharset\x1b=keypad'), [{ text: 'charsetkeypad', className: '' }]);
  assert.deepEqual(parseAnsi('progress 50%\rprogress 100%\x08!'), [{ text: 'progress 50%progress 100%!', className: '' }]);
  assert.deepEqual(parseAnsi('cut\x1b['), [{ text: 'cut', className: '' }]);
});
