// A file only its owner may read, holding a secret (the browser mode's token). Reading it trusts
// it only when it is a regular file of this user that no one else can read or write: a file
// another user planted (with a token they know) or one readable by others (whose token may have
// leaked) is reported as unsafe, and the caller makes a new secret. Written atomically, 0600.

import { type Stats, constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { writeFileAtomic } from './atomicFile.ts';

export type PrivateRead = { state: 'ok'; text: string } | { state: 'missing' } | { state: 'unsafe'; reason: string };

const MAX_BYTES = 64 * 1024;

/** Why a file of this kind cannot be trusted, or undefined. Modes and owners mean nothing on Windows. */
function unsafeBecause(st: Stats): string | undefined {
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isFile()) return 'it is not a regular file';
  if (process.platform === 'win32') return undefined;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `it belongs to another user (uid ${st.uid})`;
  if ((st.mode & 0o077) !== 0) return `others may read or change it (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return undefined;
}

export async function readPrivateFile(path: string): Promise<PrivateRead> {
  let before: Stats;
  try {
    before = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw e;
  }
  const unsafe = unsafeBecause(before);
  if (unsafe) return { state: 'unsafe', reason: unsafe };
  // O_NOFOLLOW and O_NONBLOCK: a symlink or a FIFO swapped in after the lstat neither leads
  // elsewhere nor blocks; the fstat then confirms it is still the file that was checked.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ELOOP') return undefined;
    throw e;
  });
  if (!handle) return { state: 'unsafe', reason: 'it is a symbolic link' };
  try {
    const st = await handle.stat();
    if (st.ino !== before.ino || st.dev !== before.dev) return { state: 'unsafe', reason: 'it was replaced while being read' };
    const changed = unsafeBecause(st);
    if (changed) return { state: 'unsafe', reason: changed };
    if (st.size > MAX_BYTES) return { state: 'unsafe', reason: `it is larger than ${MAX_BYTES} bytes` };
    return { state: 'ok', text: await handle.readFile('utf8') };
  } finally {
    await handle.close();
  }
}

export function writePrivateFile(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, text, { mode: 0o600 });
}
