// Reads a file a user (or someone else's stack file) named: the stack file, its .env, an
// env_file. Such a path may be /dev/zero (endless), /dev/urandom, a FIFO (a read blocks forever,
// and a blocked synchronous read makes the process deaf to SIGTERM), a folder, or a huge file.
// Only a regular file is read, at most `limit` bytes of it, and only text; anything else gets a
// reason, never part of its content.

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { FileRead } from '../../../shared/stack/fileRead.ts';
import { MAX_STACK_FILE_BYTES } from '../../../shared/stack/parse.ts';

/** What a file is, when it is not a regular file. */
function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(s: Stats): FileRead | undefined {
  const kind = kindOf(s);
  return kind ? { problem: `is ${kind}, not a regular file` } : undefined;
}

/** `bytes` is the size a stat gave; undefined when only reading found there was more. */
function tooBig(bytes: number | undefined, limit: number, what: string): FileRead {
  const size = limit === MAX_STACK_FILE_BYTES ? '1 MiB' : `${limit} bytes`;
  return { problem: bytes === undefined ? `holds more than the ${size} ${what} may have` : `is ${bytes} bytes, more than the ${size} ${what} may have` };
}

function cannotRead(e: unknown): FileRead {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
  if (code === 'EACCES' || code === 'EPERM') return { problem: 'cannot be read (permission denied)' };
  if (code === 'ELOOP') return { problem: 'cannot be read (too many symbolic links)' };
  return { problem: `cannot be read (${code ?? (e as Error).message})` };
}

/**
 * The text of the regular file at `path`, at most `limit` bytes; `what` names the kind of file
 * in the size message ("a stack file").
 */
export function readRegularFile(path: string, what: string, limit = MAX_STACK_FILE_BYTES): FileRead {
  // stat first: a device or FIFO is refused without being opened at all.
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    return cannotRead(e);
  }
  const refused = notRegular(before) ?? (before.size > limit ? tooBig(before.size, limit, what) : undefined);
  if (refused) return refused;

  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait for
    // a writer; O_NOCTTY: a terminal device never becomes our controlling terminal.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return cannotRead(e);
  }
  try {
    // The type again, of what was opened: the one the check above saw may have been swapped.
    const opened = notRegular(fstatSync(fd));
    if (opened) return opened;
    // Read up to one byte past the limit: files in /proc say their size is 0 and may hold more.
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return tooBig(undefined, limit, what);
    return decodeText(buffer.subarray(0, length));
  } catch (e) {
    return cannotRead(e);
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text; a NUL byte says the file is binary (or /proc/self/environ), named by its line. */
function decodeText(bytes: Buffer): FileRead {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    let line = 1;
    for (let i = bytes.indexOf(10); i >= 0 && i < nul; i = bytes.indexOf(10, i + 1)) line++;
    return { problem: `is not a text file (a NUL byte on line ${line})` };
  }
  return { text: bytes.toString('utf8') };
}
