// An engine operation: one request of the contract (an `up`, a `down`, a log search...) as the
// engine's watchdog sees it. Entered once, where the host runs a handler; everything the handler
// asks of the engine, however deep in the code, is found to belong to it through
// AsyncLocalStorage, so no function between the handler and dockerode has to pass it along.
// That is what lets the watchdog (watchdog.ts) cancel, report and time out every engine request
// of an operation without any change to the stacks, capture or build code.

import { AsyncLocalStorage } from 'node:async_hooks';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';
import type { Progress } from '../progress.ts';

export interface EngineOperation {
  /** Aborting it aborts every engine request of the operation still in flight, at once. */
  signal?: AbortSignal;
  /** Where "waiting for the Docker engine" and "answers again" go. */
  progress: Progress;
  /**
   * The operation fails when the engine has not answered for this long (ms). Counted from the
   * start of the silence, not of the operation: a long capture that meets a short hiccup near
   * its end must not fail for it.
   */
  silenceLimitMs: number;
}

/** What the watchdog keeps about a running operation. */
export interface OperationState {
  readonly op: EngineOperation;
  readonly startedAt: number;
  /** Set when the watchdog gave up on the engine: from then on it is the operation's outcome. */
  failure?: BranchyardError;
  ended: boolean;
  /** Released when the operation ends, so no timer or ping outlives it. */
  readonly onEnd: DisposableStore;
}

const current = new AsyncLocalStorage<OperationState>();

/** The operation the calling code runs in, if it runs in one that has not ended. */
export function currentOperation(): OperationState | undefined {
  const state = current.getStore();
  return state && !state.ended ? state : undefined;
}

/**
 * Runs `fn` as one engine operation. When the watchdog gave up on the engine, the operation fails
 * with that engine-unreachable error, whatever the code in between made of it (a wait turns a
 * failed inspect into "service disappeared", a create into "cannot create the container"): the
 * cause is that the engine stopped answering, so that is what the user is told. Likewise an
 * operation whose signal was aborted ends as cancelled (an error named AbortError).
 */
export async function runEngineOperation<T>(op: EngineOperation, fn: () => Promise<T>): Promise<T> {
  const state: OperationState = { op, startedAt: Date.now(), ended: false, onEnd: new DisposableStore('an engine operation') };
  try {
    return await current.run(state, fn);
  } catch (e) {
    if (state.failure) throw state.failure;
    if (op.signal?.aborted && (e as Error)?.name !== 'AbortError') throw abortError(e);
    throw e;
  } finally {
    state.ended = true;
    void state.onEnd.dispose();
  }
}

/** The error of a cancelled engine request: named AbortError, as Node's own, so every layer sees a cancel. */
export function abortError(cause?: unknown): Error {
  const e = new Error('cancelled', cause === undefined ? undefined : { cause });
  e.name = 'AbortError';
  return e;
}

export const DEFAULT_ENGINE_TIMEOUT_S = 60;

/**
 * How long an operation without a timeout of its own waits for a silent engine:
 * BRANCHYARD_ENGINE_TIMEOUT (seconds), else 60 s.
 */
export function engineTimeoutS(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.BRANCHYARD_ENGINE_TIMEOUT;
  if (text === undefined || text.trim() === '') return DEFAULT_ENGINE_TIMEOUT_S;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    throw BranchyardError.invalid([{ field: 'BRANCHYARD_ENGINE_TIMEOUT', message: `'${text}' is not a number of seconds` }]);
  }
  return n;
}
