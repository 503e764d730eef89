// A lock between processes that a killed process does not leave behind. Node has no flock, so the
// lock is a file naming its holder (processOwner.ts: host, pid, process start time). It appears
// whole or not at all: the content is written to a temporary file that is then hard-linked to the
// lock's name, and link() fails if the name exists. A lock whose holder is certainly gone (no such
// pid, or a pid reused by a later process) is broken and taken; a live holder is waited for.
//
// Breaking goes through a second lock (`<lock>.break`), so two waiters that find the same dead
// holder cannot both delete: the second would delete the lock the first just took. Under it the
// lock is read again and deleted only if it still names the dead holder.

import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import { type ProcessOwner, isOwnerAlive, selfOwner } from './processOwner.ts';

export interface LockHolder extends ProcessOwner {
  /** What the holder does, for the waiter's message (`up`, `down`, `redeploy`). */
  operation: string;
  since: string;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Epoch ms after which waiting fails with a timeout. */
  deadline?: number;
  /** Called once, when a live holder is found and waiting begins. */
  onWait?: (holder: LockHolder) => void;
  /** Words for errors: what is waited for, e.g. `another branchyard up of stack x (pid 12)`. */
  describe: (holder: LockHolder) => string;
  /** Between two looks at a held lock. */
  pollMs?: number;
}

/** Locks held by this process, released should it exit without releasing them. */
const held = new Set<string>();
process.on('exit', () => {
  for (const path of held) {
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
  }
});

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isSafeInteger(h.pid) && Number.isSafeInteger(h.start) && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The holder's text as found, or undefined when there is no lock any more. */
async function readLock(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Creates `path` holding `text`, atomically; false when it exists. */
async function createWhole(path: string, text: string): Promise<boolean> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** A lock file is stale when it names no live holder (a holder cannot write a bad one). */
function isStale(text: string): boolean {
  const h = parseHolder(text);
  return !h || !isOwnerAlive(h);
}

/** Deletes the lock if it still reads `staleText`; true when the lock is gone now. */
async function breakStale(path: string, staleText: string, me: string): Promise<boolean> {
  const breaker = `${path}.break`;
  if (!(await createWhole(breaker, me))) {
    const other = await readLock(breaker);
    // A breaker killed in its few milliseconds of breaking: clear it, and look again next time.
    if (other !== undefined && isStale(other)) await unlink(breaker).catch(() => {});
    return false;
  }
  try {
    if ((await readLock(path)) !== staleText) return false;
    await unlink(path).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    });
    return true;
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Takes the lock at `path`, waiting for a live holder; returns the release. */
export async function acquireLock(path: string, operation: string, o: AcquireOptions): Promise<() => Promise<void>> {
  const me = JSON.stringify({ ...selfOwner(), operation, since: new Date().toISOString() } satisfies LockHolder);
  let waitingFor: LockHolder | undefined;
  for (;;) {
    if (o.signal?.aborted) throw cancelledError(`cancelled while waiting for ${waitingFor ? o.describe(waitingFor) : 'a lock'}: nothing was done`);
    if (await createWhole(path, me)) break;
    const text = await readLock(path);
    if (text === undefined) continue; // released meanwhile
    if (isStale(text)) {
      if (await breakStale(path, text, me)) continue;
    } else {
      const holder = parseHolder(text)!;
      if (!waitingFor || waitingFor.pid !== holder.pid) {
        waitingFor = holder;
        o.onWait?.(holder);
      }
    }
    if (o.deadline !== undefined && Date.now() >= o.deadline) {
      throw new BranchyardError('timeout', `timed out waiting for ${waitingFor ? o.describe(waitingFor) : 'a lock'}: nothing was done`, { file: path });
    }
    const left = o.deadline === undefined ? Infinity : o.deadline - Date.now();
    await pause(Math.min(left, (o.pollMs ?? 150) * (0.5 + Math.random())), o.signal);
  }
  held.add(path);
  return async () => {
    held.delete(path);
    // Only our own lock: never one a waiter took after judging us gone (it cannot, while we run).
    if ((await readLock(path).catch(() => undefined)) === me) await unlink(path).catch(() => {});
  };
}

/** Runs `fn` holding the lock at `path`. */
export async function withLock<T>(path: string, operation: string, o: AcquireOptions, fn: () => Promise<T>): Promise<T> {
  const release = await acquireLock(path, operation, o);
  try {
    return await fn();
  } finally {
    await release();
  }
}
