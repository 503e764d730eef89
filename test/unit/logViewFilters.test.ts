// The log view's pure logic: what its filters let through (in the page and, as contract
// parameters, in the engine), the incremental filtered index over the ring buffer, where search
// matches are highlighted, stepping through results, and the engine's matches with context.

process.env.TZ = 'Asia/Shanghai'; // the time range is picked in local time

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogLine } from '../../shared/api/logs.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { exportLine } from '../../electron/engine/logs/exportLine.ts';
import { checkDownloadParams, checkFilter, checkPageParams, checkSaveParams, checkSearchParams, lineMatcher } from '../../electron/engine/logs/logParams.ts';
import { SearchCollector } from '../../electron/engine/logs/searchContext.ts';
import { parseAnsi } from '../../renderer/src/logs/ansi.ts';
import { FilteredLines } from '../../renderer/src/logs/filteredLines.ts';
import { NO_FILTER, engineFilter, isFiltered, localInputValue, passes, rangeBound, toggleService, toggleStream } from '../../renderer/src/logs/logFilter.ts';
import { RingBuffer } from '../../renderer/src/logs/ringBuffer.ts';
import { highlightSegments, matchRanges, stepResult } from '../../renderer/src/logs/searchMatch.ts';

const line = (service: string, text: string, o: Partial<LogLine> = {}): LogLine => ({ service, stream: 'stdout', ts: '2026-12-02T01:00:00.000000000Z', text, ...o });

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof BranchyardError && e.kind === 'invalid-input', String(e));
    return e.details.issues?.[0].field;
  }
  assert.fail('expected invalid input');
};

test('the view filter: services, streams and a time range; marker lines ignore streams', () => {
  assert.equal(isFiltered(NO_FILTER), false);
  const f = { ...NO_FILTER, hidden: ['db'], streams: { stdout: false, stderr: true } };
  assert.equal(isFiltered(f), true);
  assert.equal(passes(line('web', 'a', { stream: 'stderr' }), f), true);
  assert.equal(passes(line('web', 'a'), f), false, 'stdout is off');
  assert.equal(passes(line('db', 'a', { stream: 'stderr' }), f), false, 'db is hidden');
  assert.equal(passes(line('web', 'restarted', { marker: true }), f), true, 'a restart marker shows with either stream');
  const range = { ...NO_FILTER, from: '2026-12-02T01:00:00.000000000Z', to: '2026-12-02T01:00:01.999999999Z' };
  assert.equal(passes(line('web', 'a', { ts: '2026-12-02T00:59:59.999999999Z' }), range), false);
  assert.equal(passes(line('web', 'a', { ts: '2026-12-02T01:00:00.000000000Z' }), range), true, 'from is inclusive');
  assert.equal(passes(line('web', 'a', { ts: '2026-12-02T01:00:01.999999999Z' }), range), true, 'to is inclusive');
  assert.equal(passes(line('web', 'a', { ts: '2026-12-02T01:00:02.000000000Z' }), range), false);
});

test('a picked local time becomes the first or last nanosecond of that second, and back', () => {
  // Asia/Shanghai is UTC+8.
  assert.equal(rangeBound('2026-12-02T09:05:03', 'start'), '2026-12-02T01:05:03.000000000Z');
  assert.equal(rangeBound('2026-12-02T09:05:03', 'end'), '2026-12-02T01:05:03.999999999Z');
  assert.equal(rangeBound('2026-12-02T09:05', 'start'), '2026-12-02T01:05:00.000000000Z');
  assert.equal(rangeBound('', 'start'), undefined);
  assert.equal(rangeBound('not a time', 'end'), undefined);
  assert.equal(localInputValue('2026-12-02T01:05:03.999999999Z'), '2026-12-02T09:05:03');
  assert.equal(localInputValue(undefined), '');
});

test('toggling chips: the last service or stream shown stays on', () => {
  const known = ['web', 'db'];
  let f = toggleService(NO_FILTER, 'db', known);
  assert.deepEqual(f.hidden, ['db']);
  assert.equal(toggleService(f, 'web', known), f, 'web is the last one shown');
  f = toggleService(f, 'db', known);
  assert.deepEqual(f.hidden, []);
  const s = toggleStream(NO_FILTER, 'stdout');
  assert.deepEqual(s.streams, { stdout: false, stderr: true });
  assert.equal(toggleStream(s, 'stderr'), s);
});

test('the filter as contract parameters: the source narrowed, streams and range named', () => {
  const live = { kind: 'live', stack: 'web-main' } as const;
  assert.deepEqual(engineFilter(live, NO_FILTER, ['web', 'db']), { source: live });
  assert.deepEqual(engineFilter(live, { hidden: ['db'], streams: { stdout: false, stderr: true }, from: 'A', to: 'B' }, ['web', 'db', 'cache']), {
    source: { ...live, services: ['web', 'cache'] },
    streams: ['stderr'],
    since: 'A',
    until: 'B',
  });
  // A view of some services narrows those, not the ones seen.
  assert.deepEqual(engineFilter({ ...live, services: ['web', 'db'] }, { ...NO_FILTER, hidden: ['db'] }, ['web', 'db', 'x']).source, { ...live, services: ['web'] });
});

test('the filtered index follows the ring buffer: new lines added, dropped lines forgotten, positions kept', () => {
  const b = new RingBuffer<LogLine>(5);
  const f = new FilteredLines(b, (l) => l.service === 'web');
  assert.equal(f.length, 0);
  for (let i = 0; i < 4; i++) b.push(line(i % 2 ? 'db' : 'web', `l${i}`));
  f.update();
  assert.deepEqual([f.at(0)?.text, f.at(1)?.text], ['l0', 'l2']);
  assert.deepEqual([f.seqAt(0), f.seqAt(1)], [0, 2]);
  assert.equal(f.appended, 2);
  for (let i = 4; i < 9; i++) b.push(line(i % 2 ? 'db' : 'web', `l${i}`));
  f.update();
  // Kept: l4..l8; web ones: l4, l6, l8.
  assert.deepEqual([0, 1, 2].map((i) => f.at(i)?.text), ['l4', 'l6', 'l8']);
  assert.equal(f.length, 3);
  assert.equal(f.appended, 5, 'every web line ever seen');
  assert.equal(f.indexOf(6), 1);
  assert.equal(f.indexOf(5), 1, 'a filtered-out line: the next one shown');
  assert.equal(f.indexOf(2), 0, 'a dropped line: the first kept');
  assert.equal(f.indexOf(99), 3);
  f.update();
  assert.equal(f.length, 3, 'update is idempotent');
});

test('10 000 filtered lines out of 100 000 pushed stay consistent and cheap', () => {
  const b = new RingBuffer<LogLine>(10_000);
  const f = new FilteredLines(b, (l) => l.stream === 'stderr');
  for (let i = 0; i < 100_000; i++) {
    b.push(line('web', `l${i}`, { stream: i % 3 === 0 ? 'stderr' : 'stdout' }));
    if (i % 997 === 0) f.update();
  }
  f.update();
  assert.equal(f.length, Math.ceil(10_000 / 3));
  for (let i = 0; i < f.length; i++) assert.equal(f.at(i)?.stream, 'stderr');
  assert.equal(f.at(f.length - 1)?.text, 'l99999');
});

test('match ranges: plain text (case-insensitive unless asked), regular expressions, nothing for empty matches', () => {
  const q = (pattern: string, o: { regex?: boolean; caseSensitive?: boolean } = {}) => ({ pattern, regex: false, caseSensitive: false, ...o });
  assert.deepEqual(matchRanges('Error: error again', q('error')), [
    [0, 5],
    [7, 12],
  ]);
  assert.deepEqual(matchRanges('Error: error again', q('error', { caseSensitive: true })), [[7, 12]]);
  assert.deepEqual(matchRanges('id=12 id=345', q('\\d+', { regex: true })), [
    [3, 5],
    [9, 12],
  ]);
  assert.deepEqual(matchRanges('abc', q('^', { regex: true })), []);
  assert.deepEqual(matchRanges('abc', q('(', { regex: true })), [], 'a bad expression highlights nothing');
  assert.deepEqual(matchRanges('aaaa', q('aa')), [
    [0, 2],
    [2, 4],
  ]);
});

test('highlighted segments keep the colours and cut at the ranges, across colour changes', () => {
  const segs = parseAnsi('\x1b[31mred err\x1b[0mor plain');
  const text = segs.map((s) => s.text).join('');
  assert.equal(text, 'red error plain');
  assert.deepEqual(highlightSegments(segs, matchRanges(text, { pattern: 'error', regex: false, caseSensitive: false })), [
    { text: 'red ', className: 'a-f1', mark: false },
    { text: 'err', className: 'a-f1', mark: true },
    { text: 'or', className: '', mark: true },
    { text: ' plain', className: '', mark: false },
  ]);
  assert.deepEqual(highlightSegments([{ text: 'abc', className: '' }], []), [{ text: 'abc', className: '', mark: false }]);
});

test('stepping through results wraps around both ways', () => {
  assert.equal(stepResult(-1, 3, 1), 0);
  assert.equal(stepResult(-1, 3, -1), 2);
  assert.equal(stepResult(0, 3, 1), 1);
  assert.equal(stepResult(2, 3, 1), 0);
  assert.equal(stepResult(0, 3, -1), 2);
  assert.equal(stepResult(0, 0, 1), -1);
});

test('engine: matches carry their position and up to N lines of context, also overlapping ones', () => {
  const texts = ['a', 'hit 1', 'b', 'c', 'hit 2', 'hit 3', 'd', 'e', 'f'];
  const c = new SearchCollector(lineMatcher({ pattern: 'hit' }), 10, 2);
  texts.forEach((t, i) => c.add(line('web', t), i));
  const shape = c.matches.map((m) => ({ text: m.text, index: m.index, before: m.before?.map((l) => l.text), after: m.after?.map((l) => l.text) }));
  assert.deepEqual(shape, [
    { text: 'hit 1', index: 1, before: ['a'], after: ['b', 'c'] },
    { text: 'hit 2', index: 4, before: ['b', 'c'], after: ['hit 3', 'd'] },
    { text: 'hit 3', index: 5, before: ['c', 'hit 2'], after: ['d', 'e'] },
  ]);
  assert.equal(c.truncated, false);
  assert.equal(c.scanned, texts.length);
});

test('engine: past the limit the scan stops once the last match has its context; without context at once', () => {
  const c = new SearchCollector(lineMatcher({ pattern: 'hit' }), 1, 2);
  assert.equal(c.add(line('web', 'hit 1'), 0), undefined);
  assert.equal(c.add(line('web', 'hit 2'), 1), undefined, 'hit 1 still needs a line after it');
  assert.equal(c.add(line('web', 'x'), 2), 'stop');
  assert.equal(c.truncated, true);
  assert.equal(c.scanned, 1, 'lines before the match beyond the limit');
  assert.deepEqual(c.matches[0].after?.map((l) => l.text), ['hit 2', 'x']);
  const bare = new SearchCollector(lineMatcher({ pattern: 'hit' }), 1, 0);
  bare.add(line('web', 'hit 1'), 0);
  assert.equal(bare.add(line('web', 'hit 2'), 1), 'stop');
  assert.equal(bare.matches[0].before, undefined);
});

test('engine: the filter params are checked and applied per line', () => {
  const f = checkFilter({ streams: ['stderr'], until: '2026-12-02T01:00:00Z' });
  assert.equal(f.passes(line('web', 'x', { stream: 'stderr', ts: '2026-12-02T00:59:59.5Z' })), true);
  assert.equal(f.passes(line('web', 'x', { stream: 'stdout', ts: '2026-12-02T00:59:59.5Z' })), false);
  assert.equal(f.passes(line('web', 'x', { stream: 'stdout', marker: true })), true, 'a marker passes either stream; at until exactly');
  assert.equal(f.passes(line('web', 'x', { stream: 'stderr', ts: '2026-12-02T01:00:00.000000001Z' })), false, 'until is inclusive to the nanosecond');
  assert.equal(checkFilter({ streams: [] }).passes(line('web', 'x')), true, 'no streams named: both');
  assert.equal(fieldOf(() => checkFilter({ streams: ['stdin'] })), 'streams[0]');
  assert.equal(fieldOf(() => checkFilter({ streams: 'stderr' })), 'streams');
  assert.equal(fieldOf(() => checkFilter({ until: 'soon' })), 'until');
  assert.equal(fieldOf(() => checkFilter({ since: '2026-12-02T01:00:00Z', until: '2026-12-01T01:00:00Z' })), 'until');
  const live = { kind: 'live', stack: 's' };
  assert.equal(checkSearchParams({ source: live, pattern: 'x' }).context, 0);
  assert.equal(fieldOf(() => checkSearchParams({ source: live, pattern: 'x', context: 21 })), 'context');
  assert.equal(fieldOf(() => checkPageParams({ source: live, anchor: {}, before: 1, after: 1 })), 'anchor');
  assert.equal(fieldOf(() => checkPageParams({ source: live, anchor: { index: -1 }, before: 1, after: 1 })), 'anchor.index');
  assert.equal(fieldOf(() => checkPageParams({ source: live, anchor: { time: 'x' }, before: 1, after: 1 })), 'anchor.time');
  assert.equal(fieldOf(() => checkPageParams({ source: live, anchor: { index: 0 }, before: 2001, after: 1 })), 'before');
  assert.deepEqual(checkPageParams({ source: live, anchor: { time: '1764637200' }, before: 0, after: 5 }).anchor, { timeKey: '2025-12-02T01:00:00.000000000Z' });
  assert.equal(checkDownloadParams({ source: live }).format, 'text');
  assert.equal(fieldOf(() => checkDownloadParams({ source: live, format: 'csv' })), 'format');
  assert.equal(fieldOf(() => checkSaveParams({ source: live, suggestedName: '../etc/passwd' })), 'suggestedName');
  assert.equal(checkSaveParams({ source: live, suggestedName: 'web-main.log' }).suggestedName, 'web-main.log');
});

test('engine: export lines as text or JSON lines', () => {
  const l = line('web', 'say "hi"\tnow', { stream: 'stderr' });
  assert.equal(exportLine(l), '2026-12-02T01:00:00.000000000Z web stderr say "hi"\tnow\n');
  const j = exportLine(l, 'jsonl');
  assert.ok(j.endsWith('\n') && !j.slice(0, -1).includes('\n'));
  assert.deepEqual(JSON.parse(j), { ts: l.ts, service: 'web', stream: 'stderr', text: 'say "hi"\tnow' });
  assert.equal(JSON.parse(exportLine({ ...l, marker: true }, 'jsonl')).marker, true);
});
