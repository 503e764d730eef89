// Which captures the retention setting removes: older than the days kept, then the oldest while
// the rest are over the size; never the capture a teardown has just written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectExpired } from '../../electron/engine/capture/captureRetention.ts';

const GIB = 1024 ** 3;
const now = new Date('2026-12-10T12:00:00.000Z');
const capture = (stack: string, daysAgo: number, gib: number) => {
  const createdAt = new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  return { id: `${stack}/${createdAt.replace(/[-:]/g, '')}`, stack, createdAt, bytes: Math.round(gib * GIB) };
};
const a = capture('shop-main', 30, 1);
const b = capture('shop-feat', 10, 2);
const c = capture('shop-main', 3, 1);
const d = capture('api-main', 0.1, 0.5);
const all = [c, a, d, b];
const ids = (x: { id: string; reason: string }[]) => x.map((e) => `${e.id} ${e.reason}`);

test('no limit: nothing goes', () => {
  assert.deepEqual(selectExpired(all, { maxAgeDays: null, maxGiB: null }, now), []);
});

test('by age: everything older than the days kept, oldest first', () => {
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: 7, maxGiB: null }, now)), [`${a.id} age`, `${b.id} age`]);
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: 0.5, maxGiB: null }, now)), [`${a.id} age`, `${b.id} age`, `${c.id} age`]);
});

test('by size: the oldest go until the rest fit', () => {
  // 4.5 GiB in all: without a (1) and b (2) it is 1.5.
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: null, maxGiB: 2 }, now)), [`${a.id} size`, `${b.id} size`]);
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: null, maxGiB: 4.5 }, now)), []);
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: null, maxGiB: 3.6 }, now)), [`${a.id} size`]);
});

test('both: age first, then size over what is left', () => {
  assert.deepEqual(ids(selectExpired(all, { maxAgeDays: 20, maxGiB: 1 }, now)), [`${a.id} age`, `${b.id} size`, `${c.id} size`]);
});

test('the capture just written is never chosen, even when it alone is over the size', () => {
  const big = capture('shop-main', 0, 5);
  assert.deepEqual(ids(selectExpired([...all, big], { maxAgeDays: null, maxGiB: 1 }, now, big.id)), [`${a.id} size`, `${b.id} size`, `${c.id} size`, `${d.id} size`]);
  const old = capture('shop-old', 100, 0.1);
  assert.deepEqual(ids(selectExpired([old, d], { maxAgeDays: 1, maxGiB: null }, now, old.id)), []);
});
