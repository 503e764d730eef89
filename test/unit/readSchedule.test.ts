// When the live status reads a stack again after its events: after they have been quiet, never
// right at the event (the engine's list lags what it reported: a container listed at its `die`
// is still "running"), at least every 400 ms for a stack whose events never stop, and once more
// after they stop.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WAIT_MS, QUIET_MS, ReadSchedule } from '../../electron/engine/status/readSchedule.ts';

/** Runs the schedule as the stream's timer does, returning [time, name] for every read. */
function run(events: [number, string][], until: number): [number, string][] {
  const s = new ReadSchedule();
  const reads: [number, string][] = [];
  const queue = [...events];
  let now = 0;
  while (now <= until) {
    const next = s.next();
    const nextEvent = queue[0]?.[0];
    if (next === undefined && nextEvent === undefined) break;
    if (nextEvent !== undefined && (next === undefined || nextEvent <= next)) {
      now = nextEvent;
      s.touch(queue.shift()![1], now);
    } else {
      now = next!;
      for (const name of s.take(now)) reads.push([now, name]);
    }
  }
  return reads;
}

describe('ReadSchedule', () => {
  it('a kill then a die: one read, a quiet moment after the die', () => {
    assert.deepEqual(run([[0, 'shop'], [90, 'shop']], 5000), [[90 + QUIET_MS, 'shop']]);
  });

  it('stacks are read on their own clocks', () => {
    assert.deepEqual(
      run([[0, 'a'], [20, 'b'], [50, 'a']], 5000),
      [
        [20 + QUIET_MS, 'b'],
        [50 + QUIET_MS, 'a'],
      ],
    );
  });

  it('a stack whose events never stop is read every MAX_WAIT_MS, and once more when they stop', () => {
    const events: [number, string][] = [];
    for (let t = 0; t <= 1000; t += 50) events.push([t, 'chatty']);
    const reads = run(events, 5000).map(([t]) => t);
    assert.deepEqual(reads, [MAX_WAIT_MS, 2 * MAX_WAIT_MS, 1000 + QUIET_MS]);
  });

  it('no read is due before any event, nor after the last read', () => {
    const s = new ReadSchedule();
    assert.equal(s.next(), undefined);
    s.touch('x', 10);
    assert.deepEqual(s.take(10 + QUIET_MS - 1), []);
    assert.deepEqual(s.take(10 + QUIET_MS), ['x']);
    assert.equal(s.next(), undefined);
  });
});
