// The one lifecycle kit of the engine: whatever a stream source (or anything a viewer holds open)
// acquires, it adds the way to release it to its store as it goes, and one dispose() releases it
// all. The verbs are the same everywhere: `add`, `dispose`, `isDisposed`; a subscription, a source,
// a watcher or a timer is a Disposable or a function, and a store is itself a Disposable.
//
// Why a kit and not a list per file: cleanup lists written by hand stopped at the first one that
// threw (leaving an exec or a follow stream open for good), ran twice when two paths ended the
// same stream, or forgot what was acquired after the viewer had already left.
// - Released last first, as acquired things depend on what came before them (a subscription
//   on the connection it runs on).
// - One cleanup failing is logged through the engine logger and does not stop the others.
// - dispose() is idempotent: every call returns the same promise.
// - Something added once the store is disposed is released at once: a source that finished
//   opening after its viewer left closes instead of leaking.
// - An asynchronous cleanup (ending a terminal's processes) is started in its turn but not
//   awaited before the next one starts, so one slow cleanup holds up no other; the promise of
//   dispose() settles when all of them have, and never rejects.

import { log } from '../log/logger.ts';

export interface Disposable {
  dispose(): void | Promise<void>;
}

/** A function may return anything; a promise it returns is awaited by dispose(). */
export type Cleanup = Disposable | (() => unknown);

export class DisposableStore implements Disposable {
  private items: Cleanup[] = [];
  private disposed = false;
  private done: Promise<void> | undefined;

  /** `what` names the owner in the log when one of its cleanups fails ("the stacks stream"). */
  constructor(private readonly what = 'a stream source') {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Adds a cleanup and returns it (a disposed store runs it at once instead). */
  add<T extends Cleanup>(item: T): T {
    if (this.disposed) void this.release(item);
    else this.items.push(item);
    return item;
  }

  /** Runs every cleanup, last added first; resolves when all have settled. */
  dispose(): Promise<void> {
    if (this.done) return this.done;
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    this.done = Promise.all(items.map((item) => this.release(item))).then(() => undefined);
    return this.done;
  }

  private release(item: Cleanup): Promise<void> {
    try {
      const result = typeof item === 'function' ? item() : item.dispose();
      return Promise.resolve(result).then(
        () => undefined,
        (e: unknown) => this.failed(e),
      );
    } catch (e) {
      this.failed(e);
      return Promise.resolve();
    }
  }

  private failed(error: unknown): void {
    log.warn(`closing ${this.what}: a cleanup failed`, error);
  }
}
