// Writing a file so that a reader sees the old content or the new, never half of it: the text
// goes to a fresh temporary file beside it (O_EXCL: never one that exists, nor a symlink planted
// under that name), is flushed to disk, and is renamed over the file. A rename replaces a symlink
// at the path itself, never the file it points to.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';

export interface AtomicWriteOptions {
  /** The file's mode, set explicitly (the umask could only lower it). Default 0o644. */
  mode?: number;
}

export async function writeFileAtomic(path: string, text: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const mode = o.mode ?? 0o644;
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
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
