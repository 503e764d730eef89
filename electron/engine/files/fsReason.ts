// Why a file operation failed, in words a user can act on (the code stays, for searching).

const WORDS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'a file of that name exists already',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links in the path',
};

/** A file system error already put in words, naming the part of the path at fault. */
export class PathError extends Error {
  constructor(
    readonly code: string,
    /** The path the operation failed on (may be a parent of the one asked for). */
    readonly path: string,
    reason: string,
  ) {
    super(`${reason} (${code})`);
    this.name = 'PathError';
  }
}

export function fsReason(e: unknown): string {
  if (e instanceof PathError) return e.message;
  const err = e as NodeJS.ErrnoException;
  return err?.code && WORDS[err.code] ? `${WORDS[err.code]} (${err.code})` : (err?.message ?? String(e));
}

/** The disk (or the user's quota on it) has no room for what was being written. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
