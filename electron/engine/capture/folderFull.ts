// A capture folder without room for the capture, said in numbers: how much the capture needed at
// least (what it had written plus what it could not write: the rest of the log it was spooling is
// still read from the engine, only counted) and how much is free once its own files are gone.

import { statfs } from 'node:fs/promises';
import { BranchyardError } from '../../../shared/errors/errors.ts';

/** Thrown inside a capture; `code` keeps it recognisable as a full disk (isDiskFull). */
export class CaptureFolderFull extends Error {
  readonly code = 'ENOSPC';
  constructor(
    /** Bytes the capture would have had on disk at least, at the moment it stopped. */
    readonly neededBytes: number,
    cause?: unknown,
  ) {
    super(`no space left for the capture (${neededBytes} bytes needed at least)`, { cause });
    this.name = 'CaptureFolderFull';
  }
}

async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** The error a user sees; call it after the capture's own files are removed. */
export async function folderFullError(dir: string, e: unknown): Promise<BranchyardError> {
  const needed = e instanceof CaptureFolderFull && e.neededBytes > 0 ? e.neededBytes : undefined;
  const free = await freeBytes(dir);
  const numbers =
    needed !== undefined && free !== undefined
      ? `at least ${needed} bytes needed, ${free} free`
      : free !== undefined
        ? `more bytes needed than the ${free} free`
        : 'no space left on the device';
  return new BranchyardError('engine', `the capture folder ${dir} is full (${numbers})`, { file: dir });
}
