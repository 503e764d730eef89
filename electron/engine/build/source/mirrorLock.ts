// One writer per mirror at a time: a promise chain per mirror inside this process, and a lock
// directory (`mkdir` is atomic) across processes. The holder touches the lock while it works, so a
// lock untouched for `staleMs` was left by a process that died and is taken over.

import { mkdir, rm, stat, utimes } from 'node:fs/promises';

const chains = new Map<string, Promise<unknown>>();

export interface LockOptions {
  signal?: AbortSignal;
  /** A lock not touched for this long is stale. Default 3 minutes. */
  staleMs?: number;
  /** How often the holder touches its lock. Default 20 s. */
  heartbeatMs?: number;
  /** Time between two attempts. Default 150 ms. */
  retryMs?: number;
  /** Called once when we start waiting on another process's lock. */
  onWait?: () => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function acquire(lockDir: string, o: LockOptions): Promise<void> {
  const staleMs = o.staleMs ?? 3 * 60_000;
  let waited = false;
  for (;;) {
    o.signal?.throwIfAborted();
    try {
      await mkdir(lockDir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    try {
      const st = await stat(lockDir);
      if (Date.now() - st.mtimeMs > staleMs) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    if (!waited) {
      waited = true;
      o.onWait?.();
    }
    await sleep((o.retryMs ?? 150) * (0.5 + Math.random()), o.signal);
  }
}

/** Runs `fn` holding the lock of `key` (in-process) and the lock directory `lockDir` (across processes). */
export function withMirrorLock<T>(key: string, lockDir: string, o: LockOptions, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve();
  const run = prev
    .catch(() => {})
    .then(async () => {
      await acquire(lockDir, o);
      const beat = setInterval(() => {
        const now = new Date();
        utimes(lockDir, now, now).catch(() => {});
      }, o.heartbeatMs ?? 20_000);
      beat.unref();
      try {
        return await fn();
      } finally {
        clearInterval(beat);
        await rm(lockDir, { recursive: true, force: true });
      }
    });
  chains.set(key, run);
  const cleanup = () => {
    if (chains.get(key) === run) chains.delete(key);
  };
  run.then(cleanup, cleanup);
  return run;
}
