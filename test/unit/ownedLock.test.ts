// The lock between processes (process/ownedLock.ts) on a real file system: one holder at a time
// among many waiters, a dead holder's lock (gone pid, reused pid, unreadable content) taken over
// by exactly one waiter at a time, deadline and cancel while waiting, and a release that removes
// only its own lock.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { acquireLock, withLock } from '../../electron/engine/process/ownedLock.ts';
import { selfOwner } from '../../electron/engine/process/processOwner.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-owned-lock-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const describe = (h: { operation: string; pid: number }) => `another ${h.operation} (pid ${h.pid})`;
const fast = { describe, pollMs: 5 };
const holderText = (o: object) => JSON.stringify({ ...selfOwner(), operation: 'up', since: new Date().toISOString(), ...o });

async function exclusive(path: string, n: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      withLock(path, `op${i}`, fast, async () => {
        most = Math.max(most, ++inside);
        await new Promise((r) => setTimeout(r, 2));
        inside--;
      }),
    ),
  );
  return most;
}

test('one holder at a time; the lock is gone when all are done', async () => {
  const path = join(tmp, 'a.lock');
  assert.equal(await exclusive(path, 20), 1);
  assert.equal(existsSync(path), false);
});

test('a dead holder is taken over, by one waiter at a time', async () => {
  const dead = [holderText({ pid: 999_999_999 }), 'not json', holderText({ start: selfOwner().start + 1 })];
  for (const [i, text] of dead.entries()) {
    if (process.platform !== 'linux' && i === 2) continue; // start times are read on Linux only
    const path = join(tmp, `dead${i}.lock`);
    writeFileSync(path, text);
    assert.equal(await exclusive(path, 10), 1, text);
    assert.equal(existsSync(path), false);
  }
});

test('a breaker that died while breaking does not block for good', async () => {
  const path = join(tmp, 'breaker.lock');
  writeFileSync(path, holderText({ pid: 999_999_999 }));
  writeFileSync(`${path}.break`, holderText({ pid: 999_999_998 }));
  const release = await acquireLock(path, 'up', fast);
  await release();
  assert.equal(existsSync(`${path}.break`), false);
});

test('waiting says who for, ends at the deadline or on cancel, and changes nothing', async () => {
  const path = join(tmp, 'held.lock');
  const release = await acquireLock(path, 'down', fast);
  const seen: number[] = [];
  const err = await acquireLock(path, 'up', { ...fast, deadline: Date.now() + 50, onWait: (h) => seen.push(h.pid) }).catch((e: unknown) => e);
  assert.ok(err instanceof BranchyardError && err.kind === 'timeout', String(err));
  assert.equal(err.message, `timed out waiting for another down (pid ${process.pid}): nothing was done`);
  assert.deepEqual(seen, [process.pid]);

  const abort = new AbortController();
  setTimeout(() => abort.abort(), 30);
  const cancelled = await acquireLock(path, 'up', { ...fast, signal: abort.signal }).catch((e: unknown) => e);
  assert.ok(cancelled instanceof BranchyardError && cancelled.kind === 'cancelled', String(cancelled));
  assert.match(cancelled.message, /^cancelled while waiting for another down \(pid \d+\): nothing was done$/);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).operation, 'down', 'the holder still holds');
  await release();
  assert.equal(existsSync(path), false);
});

test('a release leaves a lock that is not its own', async () => {
  const path = join(tmp, 'own.lock');
  const release = await acquireLock(path, 'up', fast);
  const other = holderText({ operation: 'down' });
  writeFileSync(path, other);
  await release();
  assert.equal(readFileSync(path, 'utf8'), other);
});
