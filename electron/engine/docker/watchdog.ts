// The engine watchdog: a frozen dockerd (or a dead ssh tunnel) accepts connections and never
// answers, so without it a command hangs with no word. Wrapping the modem's `dial` once per
// engine puts every request, from any code, under the operation it runs in (engineOperation.ts):
//
//  - the operation's abort signal is merged into the request, so a cancel (Ctrl-C, a closed
//    window) aborts requests still in flight at once, a pending `stop` included;
//  - when a request of the operation has had no answer for a while (3 s), the engine is pinged.
//    A request can be slow for good reasons while the engine is fine (a stop waits out the grace
//    period, /wait, builds, pulls, log follows, /events), so the ping decides, not the request:
//    an answer means all is well; none within a second means "waiting for the Docker engine",
//    reported once, then a ping about every second until one answers ("answers again");
//  - if the engine stays silent for the operation's limit (counted from the start of the silence),
//    every request of the operation still open fails with an 'engine-unreachable' error, which becomes the operation's outcome.
//
// Requests made outside any operation (the live status stream, log follows of a viewer) go
// through untouched: they have their own reconnect logic and no deadline.

import type DockerModem from 'docker-modem';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type OperationState, currentOperation } from './engineOperation.ts';

export interface WatchdogTiming {
  /** A request without an answer for this long makes the watchdog ping the engine. */
  stallAfterMs: number;
  /** A ping not answered within this is "no answer": the engine is reported as not answering. */
  answerWithinMs: number;
  /** While the engine is silent, a new ping this often. */
  pingEveryMs: number;
  /** How long one ping may stay open: a late answer still ends the wait. */
  pingTimeoutMs: number;
}

export const DEFAULT_TIMING: WatchdogTiming = { stallAfterMs: 3000, answerWithinMs: 1000, pingEveryMs: 1000, pingTimeoutMs: 5000 };

type Dial = (options: DockerModem.DialOptions, callback?: DockerModem.RequestCallback) => void;

/** One request of an operation that the engine has not finished answering. */
interface Open {
  /** Since when the engine said nothing on it (its start, or its response headers for a stream). */
  since: number;
  fail(error: BranchyardError): void;
}

const WATCHED = Symbol('branchyard.watchdog');

/** Wraps `modem.dial` (once; a second call changes nothing). `endpoint` is for messages. */
export function watchEngine(modem: DockerModem, endpoint: string, timing: WatchdogTiming = DEFAULT_TIMING): void {
  const m = modem as DockerModem & { [WATCHED]?: true };
  if (m[WATCHED]) return;
  m[WATCHED] = true;
  const rawDial: Dial = modem.dial.bind(modem);
  const watches = new WeakMap<OperationState, StallWatch>();
  const watchOf = (state: OperationState): StallWatch => {
    let w = watches.get(state);
    if (!w) {
      w = new StallWatch(state, endpoint, timing, (signal) => ping(rawDial, signal, timing.pingTimeoutMs));
      watches.set(state, w);
      state.onEnd.add(() => w!.stop());
    }
    return w;
  };

  modem.dial = (options, callback) => {
    const state = currentOperation();
    if (!state) return rawDial(options, callback);
    const done: DockerModem.RequestCallback = callback ?? (() => {});
    if (state.failure) return void process.nextTick(done, state.failure, null);
    // A request made after the operation was cancelled is its cleanup (remove the build
    // container, kill a session's processes): it must run to its end, not be aborted with the rest.
    const signal = state.op.signal?.aborted ? undefined : state.op.signal;

    const watch = watchOf(state);
    const own = new AbortController();
    const open: Open = { since: Date.now(), fail: (e) => own.abort(e) };
    watch.add(open);
    const signals = [own.signal, signal, options.abortSignal].filter((s): s is AbortSignal => s !== undefined);
    rawDial({ ...options, abortSignal: AbortSignal.any(signals) }, (err, result: unknown) => {
      if (own.signal.aborted) {
        // The watchdog gave up on the engine: say so, not "The operation was aborted".
        watch.remove(open);
        return done(own.signal.reason as BranchyardError, null);
      }
      if (err) {
        // An HTTP status is an answer (a 404 says the engine is alive); a socket error is not.
        if (typeof (err as { statusCode?: unknown }).statusCode === 'number') watch.answered(open);
        else watch.remove(open);
        return done(err, result as never);
      }
      if (isStream(result)) {
        // A stream (logs, pull, build output, a hijacked exec) stays watched until it closes: a
        // frozen engine stops its bytes just as it stops an answer. Its open time counts from now.
        watch.answered(open, true);
        open.fail = (e) => destroyStream(result, e);
        result.once('close', () => watch.remove(open));
        result.once('end', () => watch.remove(open));
      } else {
        watch.answered(open);
      }
      done(null, result as never);
    });
  };
}

/** `GET /_ping` on the raw dial (outside every operation, so never aborted by one). */
function ping(rawDial: Dial, stop: AbortSignal, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    rawDial(
      { path: '/_ping', method: 'GET', statusCodes: { 200: true }, abortSignal: AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) },
      (err) => resolve(!err || typeof (err as { statusCode?: unknown }).statusCode === 'number'),
    );
  });
}

type Closable = NodeJS.EventEmitter & { destroy(error?: Error): void };

function isStream(x: unknown): x is Closable {
  return typeof (x as Closable)?.once === 'function' && typeof (x as Closable).destroy === 'function';
}

/** With the error only where someone listens for one: an unheard 'error' would crash the process. */
function destroyStream(s: Closable, e: Error): void {
  if (s.listenerCount('error') > 0) s.destroy(e);
  else s.destroy();
}

/**
 * The watch over one operation's requests to one engine: idle (a timer set for when the oldest
 * silence reaches stallAfterMs), checking (a ping out), or waiting (the engine did not answer;
 * pinging every pingEveryMs until it does, or the silence reaches the operation's limit).
 */
class StallWatch {
  private readonly open = new Set<Open>();
  private lastAnswer = 0;
  private phase: 'idle' | 'checking' | 'waiting' = 'idle';
  private timer?: NodeJS.Timeout;
  /** When the silence began, while "waiting" is reported. */
  private silentSince = 0;
  private readonly pings = new AbortController();
  private stopped = false;

  constructor(
    private readonly state: OperationState,
    private readonly endpoint: string,
    private readonly t: WatchdogTiming,
    private readonly pingEngine: (stop: AbortSignal) => Promise<boolean>,
  ) {}

  add(o: Open): void {
    this.open.add(o);
    this.arm();
  }

  /** The engine answered on `o` (a response, or a stream's headers when `stillOpen`). */
  answered(o: Open, stillOpen = false): void {
    if (stillOpen) o.since = Date.now();
    else this.open.delete(o);
    // Any answer ends a check or a wait, not only a ping's: the request may well come first.
    if (this.phase !== 'idle') this.alive();
    else this.lastAnswer = Date.now();
  }

  remove(o: Open): void {
    this.open.delete(o);
  }

  stop(): void {
    this.stopped = true;
    this.setTimer(undefined);
    this.pings.abort();
  }

  /** Since when the engine has said nothing on the open requests; undefined when none is open. */
  private silence(): number | undefined {
    let oldest = Infinity;
    for (const o of this.open) oldest = Math.min(oldest, o.since);
    return oldest === Infinity ? undefined : Math.max(oldest, this.lastAnswer);
  }

  private setTimer(fn: (() => void) | undefined, ms = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = fn ? setTimeout(fn, Math.max(0, ms)) : undefined;
    // Never what keeps a process alive: the requests themselves do that.
    this.timer?.unref();
  }

  /** In idle, (re)sets the timer for the next check. */
  private arm(): void {
    if (this.stopped || this.phase !== 'idle') return;
    const since = this.silence();
    if (since === undefined) return this.setTimer(undefined);
    this.setTimer(() => this.check(), since + Math.min(this.t.stallAfterMs, this.limit) - Date.now());
  }

  private check(): void {
    const since = this.silence();
    if (since === undefined) return;
    const now = Date.now();
    if (now < since + Math.min(this.t.stallAfterMs, this.limit)) return this.arm();
    this.phase = 'checking';
    this.sendPing();
    this.setTimer(() => this.noAnswer(since), this.t.answerWithinMs);
  }

  private sendPing(): void {
    void this.pingEngine(this.pings.signal).then((ok) => ok && !this.stopped && this.alive());
  }

  private noAnswer(since: number): void {
    const giveUpAt = since + this.limit;
    if (Date.now() >= giveUpAt) return this.fail(since);
    if (this.phase !== 'waiting') {
      this.phase = 'waiting';
      this.silentSince = since;
      const left = Math.max(0, Math.round((giveUpAt - Date.now()) / 1000));
      this.report(`waiting for the Docker engine at ${this.endpoint}: no answer for ${this.secondsSince(since)} s (giving up in ${left} s)`);
    }
    this.setTimer(() => {
      if (Date.now() < giveUpAt) this.sendPing();
      this.noAnswer(since);
    }, Math.min(this.t.pingEveryMs, giveUpAt - Date.now()));
  }

  private alive(): void {
    this.lastAnswer = Date.now();
    if (this.phase === 'waiting') {
      this.report(`the Docker engine at ${this.endpoint} answers again (no answer for ${this.secondsSince(this.silentSince)} s)`);
    }
    this.phase = 'idle';
    this.setTimer(undefined);
    this.arm();
  }

  private fail(since: number): void {
    const error = new BranchyardError(
      'engine-unreachable',
      `the Docker engine stopped answering: no answer from ${this.endpoint} for ${this.secondsSince(since)} s ` +
        `(the operation's timeout is ${Math.round(this.limit / 1000)} s)`,
      { endpoint: this.endpoint },
    );
    this.state.failure = error;
    this.stop();
    for (const o of [...this.open]) o.fail(error);
    this.open.clear();
  }

  /** How long the engine may stay silent before the operation fails. */
  private get limit(): number {
    return this.state.op.silenceLimitMs;
  }

  private secondsSince(t: number): number {
    return Math.round((Date.now() - t) / 1000);
  }

  private report(message: string): void {
    try {
      this.state.op.progress({ message });
    } catch {
      // A progress sink that fails must not take the watchdog down with it.
    }
  }
}
