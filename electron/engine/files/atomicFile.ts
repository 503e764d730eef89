// Writing a file so that a reader sees the old content or the new, never half of it: the text
// goes to a fresh temporary file beside it (O_EXCL: never one that exists, nor a symlink planted
// under that name), is flushed to disk, and is renamed over the file. A rename replaces a symlink
// at the path itself, never the file it points to.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';

export interface AtomicWriteOptions {
  /** The file's mode, set explicitly (the umask could only lower it). Default 0o644. */
  mode?: number;
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

function tempName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

export async function writeFileAtomic(path: string, text: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const mode = o.mode ?? 0o644;
  const tmp = tempName(path);
  const handle = await open(tmp, CREATE, mode);
  try {
    try {
      await handle.chmod(mode);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** The same, synchronously: for a process about to end (a closing window saving its place). */
export function writeFileAtomicSync(path: string, text: string | Uint8Array, o: AtomicWriteOptions = {}): void {
  const mode = o.mode ?? 0o644;
  const tmp = tempName(path);
  const fd = openSync(tmp, CREATE, mode);
  try {
    try {
      fchmodSync(fd, mode);
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}
