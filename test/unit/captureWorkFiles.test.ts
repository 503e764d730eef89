// The work files of captures in progress: their names carry the writing process, and a sweep
// removes only those whose process is gone (or, for names without an owner, untouched a day).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseWorkFileName, sweepAbandonedCaptures, workFileName } from '../../electron/engine/capture/workFiles.ts';
import { isOwnerAlive, parseOwnerToken, selfOwner } from '../../electron/engine/process/processOwner.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-work-files-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const TS = '20260601T120000.005Z';
const me = selfOwner();
const gone = { ...me, pid: 999_999_999 };
const reused = { ...me, start: me.start + 1 };
const elsewhere = { ...gone, host: me.host === '00000000' ? '11111111' : '00000000' };

test('names carry the owner and read back', () => {
  for (const kind of ['tar.gz.partial', 'spool', 'manifest.json.partial'] as const) {
    const name = workFileName(TS, me, kind);
    assert.match(name, /^\.20260601T120000\.005Z\.[0-9a-f]{8}-\d+-\d+\./);
    assert.deepEqual(parseWorkFileName(name), { timestamp: TS, owner: me, kind });
  }
  assert.deepEqual(parseWorkFileName(`.${TS}.tar.gz.partial`), { timestamp: TS, kind: 'tar.gz.partial' });
  for (const name of [`${TS}.tar.gz`, `${TS}.manifest.json`, `.${TS}.zz-1-2.spool`, '.notes', `.${TS}.tar.gz`]) assert.equal(parseWorkFileName(name), undefined, name);
  assert.equal(parseOwnerToken('0123abcd-0-5'), undefined, 'pid 0 is no process');
});

test('an owner is dead only when sure', () => {
  assert.equal(isOwnerAlive(me), true);
  assert.equal(isOwnerAlive(gone), false);
  assert.equal(isOwnerAlive(elsewhere), true, 'another host is not ours to judge');
  if (process.platform === 'linux') {
    assert.ok(me.start > 0, 'the start time is read on Linux');
    assert.equal(isOwnerAlive(reused), false, 'a live pid that started at another time is another process');
  }
});

test('the sweep removes what dead processes left, and nothing else', async () => {
  const dir = join(tmp, 'captures');
  const stack = join(dir, 'hydra-main');
  mkdirSync(stack, { recursive: true });
  const keep = [
    `${TS}.tar.gz`,
    `${TS}.manifest.json`,
    workFileName(TS, me, 'tar.gz.partial'),
    workFileName(TS, elsewhere, 'tar.gz.partial'),
    '.20260601T120000.006Z.tar.gz.partial', // no owner, fresh
  ];
  const swept = [workFileName(TS, gone, 'tar.gz.partial'), workFileName(TS, gone, 'manifest.json.partial'), '.20260601T120000.007Z.spool'];
  if (process.platform === 'linux') swept.push(workFileName('20260601T120000.008Z', reused, 'tar.gz.partial'));
  for (const n of [...keep, ...swept]) if (!n.endsWith('.spool')) writeFileSync(join(stack, n), 'x');
  const spool = join(stack, '.20260601T120000.007Z.spool');
  mkdirSync(spool);
  writeFileSync(join(spool, 'stdout'), 'log');
  const old = new Date(Date.now() - 2 * 24 * 3600_000);
  utimesSync(join(spool, 'stdout'), old, old);
  utimesSync(spool, old, old);
  // A spool folder whose file is still being written is not stale, however old the folder.
  const busy = join(stack, '.20260601T120000.009Z.spool');
  mkdirSync(busy);
  writeFileSync(join(busy, 'stdout'), 'log');
  utimesSync(busy, old, old);
  keep.push('.20260601T120000.009Z.spool');

  const result = await sweepAbandonedCaptures(dir);
  assert.deepEqual(result.map((r) => r.path).sort(), swept.map((n) => join(stack, n)).sort());
  assert.deepEqual(readdirSync(stack).sort(), keep.sort());
  assert.deepEqual(await sweepAbandonedCaptures(join(tmp, 'nowhere')), []);
});
