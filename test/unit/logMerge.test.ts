import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogLine } from '../../shared/api/logs.ts';
import type { LineSink, LineSource } from '../../electron/engine/logs/lineSource.ts';
import { LogMerger } from '../../electron/engine/logs/logMerger.ts';
import { earliest, mergeByTime } from '../../electron/engine/logs/mergeByTime.ts';

const ts = (n: number) => `2026-11-21T10:15:${String(n).padStart(2, '0')}.000000000Z`;
const line = (service: string, n: number, text = `${service}${n}`): LogLine => ({ service, stream: 'stdout', ts: ts(n), text });

/** A source the test drives by hand. */
class HandSource implements LineSource {
  sink!: LineSink;
  paused = false;
  disposed = false;
  constructor(readonly service: string) {}
  start(sink: LineSink) {
    this.sink = sink;
  }
  setPaused(p: boolean) {
    this.paused = p;
  }
  dispose() {
    this.disposed = true;
  }
  send(...ns: number[]) {
    for (const n of ns) this.sink.line(line(this.service, n));
  }
}

function run(sources: LineSource[], queue?: number) {
  const events: string[] = [];
  let ended: unknown = 'no';
  const m = new LogMerger(
    sources,
    {
      line: (l) => events.push(l.text),
      caughtUp: () => events.push('caught-up'),
      notice: (s, msg) => events.push(`notice ${s}: ${msg}`),
      end: (e) => (ended = e),
    },
    queue,
  );
  m.start();
  return { m, events, ended: () => ended };
}

test('earliest and mergeByTime: in time order, stable on ties', () => {
  assert.equal(earliest([undefined, 'b', 'a', 'a']), 2);
  assert.equal(earliest([undefined, undefined]), -1);
  const merged = mergeByTime(
    [
      [line('a', 1), line('a', 3, 'a3-first'), line('a', 3, 'a3-second')],
      [line('b', 2), line('b', 3)],
      [],
      [line('c', 0)],
    ],
    (l) => l.ts,
  );
  assert.deepEqual(merged.map((l) => l.text), ['c0', 'a1', 'b2', 'a3-first', 'a3-second', 'b3']);
});

test('history is held until every source can say what comes first, then caught-up, then live lines as they come', () => {
  const a = new HandSource('a');
  const b = new HandSource('b');
  const { events, ended } = run([a, b]);
  a.send(1, 4, 6);
  assert.deepEqual(events, [], 'b has said nothing yet: a1 might not be first');
  b.send(2, 3);
  assert.deepEqual(events, ['a1', 'b2', 'b3']);
  b.sink.historyDone();
  assert.deepEqual(events, ['a1', 'b2', 'b3', 'a4', 'a6'], 'b has no more history: a4 and a6 are next');
  b.send(9); // live already for b: held until a has caught up too
  a.send(8);
  assert.deepEqual(events, ['a1', 'b2', 'b3', 'a4', 'a6', 'a8']);
  a.sink.historyDone();
  assert.deepEqual(events, ['a1', 'b2', 'b3', 'a4', 'a6', 'a8', 'caught-up', 'b9']);
  a.send(7);
  b.send(8);
  assert.deepEqual(events.slice(-2), ['a7', 'b8']);
  a.sink.end();
  assert.equal(ended(), 'no');
  b.sink.end();
  assert.equal(ended(), undefined);
  assert.ok(a.disposed && b.disposed);
});

test('lines that came live while waiting are merged by time at caught-up', () => {
  const a = new HandSource('a');
  const b = new HandSource('b');
  const c = new HandSource('c');
  const { events } = run([a, b, c]);
  a.sink.historyDone();
  a.send(5, 7);
  b.send(1);
  b.sink.historyDone();
  b.send(6);
  assert.deepEqual(events, [], 'c has said nothing yet');
  c.send(2);
  c.sink.historyDone();
  assert.deepEqual(events, ['b1', 'c2', 'caught-up', 'a5', 'b6', 'a7']);
});

test('a source is paused when its queue is full, and when the consumer is', () => {
  const a = new HandSource('a');
  const b = new HandSource('b');
  const { m, events } = run([a, b], 3);
  a.send(1, 2, 3);
  assert.equal(a.paused, true, 'a queued 3 lines while b has said nothing');
  assert.equal(b.paused, false);
  b.send(10);
  assert.deepEqual(events, ['a1', 'a2', 'a3']);
  assert.equal(a.paused, false);
  m.pause();
  assert.ok(a.paused && b.paused);
  a.send(11);
  b.sink.end();
  assert.deepEqual(events, ['a1', 'a2', 'a3'], 'nothing is delivered while paused');
  m.resume();
  assert.deepEqual(events, ['a1', 'a2', 'a3', 'b10', 'a11']);
  assert.equal(a.paused, false);
});

test('non-follow: everything is history; the end comes after caught-up', () => {
  const a = new HandSource('a');
  const b = new HandSource('b');
  const { events, ended } = run([a, b]);
  a.send(2);
  a.sink.end();
  b.send(1, 3);
  b.sink.end();
  assert.deepEqual(events, ['b1', 'a2', 'b3', 'caught-up']);
  assert.equal(ended(), undefined);
});

test('no sources: caught up and ended at once', () => {
  const { events, ended } = run([]);
  assert.deepEqual(events, ['caught-up']);
  assert.equal(ended(), undefined);
});

test('a failing source ends the merge with its error and closes the others', () => {
  const a = new HandSource('a');
  const b = new HandSource('b');
  const { events, ended } = run([a, b]);
  a.sink.notice('cut; resuming');
  b.sink.end(new Error('boom'));
  assert.deepEqual(events, ['notice a: cut; resuming']);
  assert.equal((ended() as Error).message, 'boom');
  assert.ok(a.disposed);
  a.send(1);
  assert.deepEqual(events, ['notice a: cut; resuming'], 'nothing after the end');
});

test('dispose closes every source and says nothing more', () => {
  const a = new HandSource('a');
  const { m, events, ended } = run([a]);
  m.dispose();
  a.send(1);
  a.sink.end();
  assert.ok(a.disposed);
  assert.deepEqual(events, []);
  assert.equal(ended(), 'no');
});
