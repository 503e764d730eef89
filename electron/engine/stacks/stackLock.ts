// One operation per stack at a time: `up`, `redeploy`, `down`, start, stop, restart and recreate
// of the same stack, from any number of processes (two CI jobs, the app and a terminal), take
// the same lock, so they never plan against each other's half-made containers (two `up`s at
// once failed with a raw "Conflict" and left 2 of 3 services). The lock is
// <data dir>/locks/<stack>.lock (process/ownedLock.ts): a killed holder does not leave it behind.
// Taken in the contract's handlers, around everything from observing the engine to the last
// change, so every front end is serialised the same way.

import { join } from 'node:path';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { checkStackName } from '../capture/captureId.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolder } from '../files/makeFolder.ts';
import { dataDir } from '../paths.ts';
import { type LockHolder, withLock } from '../process/ownedLock.ts';
import { selfOwner } from '../process/processOwner.ts';
import { type Progress, silent } from '../progress.ts';

export type StackOperation = 'up' | 'down' | 'redeploy' | 'start' | 'stop' | 'restart' | 'recreate';

export interface StackLockOptions {
  progress?: Progress;
  signal?: AbortSignal;
  /** Epoch ms: waiting for the lock counts against the operation's own --timeout. */
  deadline?: number;
}

function holderWords(stack: string, h: LockHolder): string {
  const where = h.host === selfOwner().host ? `pid ${h.pid}` : `pid ${h.pid} on another machine`;
  return `another branchyard ${h.operation} of stack ${stack} (${where})`;
}

export async function withStackLock<T>(stack: string, operation: StackOperation, o: StackLockOptions, fn: () => Promise<T>): Promise<T> {
  // The name becomes a file name: only a valid stack name, never a path.
  checkStackName(stack);
  const folder = join(dataDir(), 'locks');
  try {
    await makeFolder(folder);
  } catch (e) {
    throw new BranchyardError('engine', `cannot make the lock folder ${folder}: ${fsReason(e)}. Set BRANCHYARD_DATA_DIR to a writable folder`, { file: folder });
  }
  const progress = o.progress ?? silent;
  return withLock(
    join(folder, `${stack}.lock`),
    operation,
    {
      signal: o.signal,
      deadline: o.deadline,
      describe: (h) => holderWords(stack, h),
      onWait: (h) => progress({ message: `waiting for ${holderWords(stack, h)}` }),
    },
    fn,
  );
}
