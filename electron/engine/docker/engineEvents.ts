// One /events stream per engine connection (per Docker client), shared by everyone who listens:
// every viewer of the live status, every log view that follows restarts, every health wait. Ten
// windows showing the stacks and an `up` waiting on three healthchecks hold one engine connection
// for events, not fourteen. It carries container and network events, which is what they read (a
// stack's status is its containers and its network; a volume shows in none of it).
//
// It opens on the first listener and closes with the last. When the engine drops it, or it cannot
// be opened, listeners hear `disconnected` (why, and when the next try is) and it is tried again
// with backoff; once it is open again they hear `reconnected`: the events of the gap are lost (the
// engine replays only a few), so each must look again at what it cares about. A listener that
// joins while the stream is down hears `disconnected` at once.

import type Docker from 'dockerode';
import { type EngineEvent, parseEngineEvents } from './eventLines.ts';

export interface EngineEventListener {
  event(e: EngineEvent): void;
  /** The stream was cut, or could not be opened; the next try is in `retryInMs`. */
  disconnected?(reason: string, retryInMs: number): void;
  /** The stream is open again after being down: something may have happened meanwhile. */
  reconnected?(): void;
}

export interface EngineEventSubscription {
  /** Resolves once the stream is open (what happens after that is heard), or has failed once. */
  ready: Promise<void>;
  /** The stream is open now. */
  readonly open: boolean;
  /** Stops listening; the last listener's dispose closes the stream. */
  dispose(): void;
}

/** What the stream carries (see the top of this file). */
const TYPES: ('container' | 'network')[] = ['container', 'network'];
const RETRY_MS = [250, 500, 1000, 2000, 5000];

type EventStream = NodeJS.ReadableStream & { destroy(): void };

/** /events streams open right now, in this process (tests: one per engine, none once all left). */
let openStreams = 0;

export function openEventStreams(): number {
  return openStreams;
}

class Watcher {
  private readonly listeners = new Set<EngineEventListener>();
  private stream?: EventStream;
  private retry?: { timer: ReturnType<typeof setTimeout>; at: number; reason: string };
  private failures = 0;
  private opening = false;
  /** Waiters for the stream to be open (or to have failed once). */
  private waiting: (() => void)[] = [];

  constructor(private readonly docker: Docker) {}

  add(l: EngineEventListener): EngineEventSubscription {
    this.listeners.add(l);
    if (this.listeners.size === 1) void this.open(false);
    const ready = this.stream ? Promise.resolve() : new Promise<void>((r) => this.waiting.push(r));
    if (this.retry) {
      // Down already: say so now, as everyone else heard it when it happened.
      queueMicrotask(() => {
        if (this.retry && this.listeners.has(l)) l.disconnected?.(this.retry.reason, Math.max(0, this.retry.at - Date.now()));
      });
    }
    const self = this;
    return {
      ready,
      get open() {
        return self.stream !== undefined && self.listeners.has(l);
      },
      dispose: () => {
        if (!this.listeners.delete(l)) return;
        if (this.listeners.size === 0) this.close();
      },
    };
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }

  private async open(again: boolean): Promise<void> {
    this.retry = undefined;
    if (this.opening || this.stream || this.listeners.size === 0) return;
    this.opening = true;
    let stream: EventStream;
    try {
      stream = (await this.docker.getEvents({ filters: { type: TYPES } })) as EventStream;
    } catch (e) {
      this.opening = false;
      this.later(`cannot reach the Docker engine: ${(e as Error).message}`);
      this.wake(); // nobody waits forever on an engine that is away: the retry follows
      return;
    }
    this.opening = false;
    if (this.listeners.size === 0) return void stream.destroy();
    this.stream = stream;
    openStreams++;
    this.failures = 0;
    const parse = parseEngineEvents((e) => {
      for (const l of [...this.listeners]) l.event(e);
    });
    stream.on('data', (chunk: Buffer) => parse(chunk));
    let ended = false;
    const cut = (why: string) => {
      if (ended) return;
      ended = true;
      stream.destroy();
      // Closed on purpose (the last listener left) or replaced: nobody to tell.
      if (this.stream !== stream) return;
      this.stream = undefined;
      openStreams--;
      this.later(why);
    };
    stream.on('error', (e: Error) => cut(`the engine's event stream failed: ${e.message}`));
    stream.on('end', () => cut("the engine's event stream ended"));
    stream.on('close', () => cut("the engine's event stream closed"));
    this.wake();
    if (again) for (const l of [...this.listeners]) l.reconnected?.();
  }

  /** Down: tell the listeners, and try again after the backoff. */
  private later(reason: string): void {
    if (this.listeners.size === 0 || this.retry) return;
    const ms = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
    this.retry = { timer: setTimeout(() => void this.open(true), ms), at: Date.now() + ms, reason };
    for (const l of [...this.listeners]) l.disconnected?.(reason, ms);
  }

  private close(): void {
    if (this.retry) clearTimeout(this.retry.timer);
    this.retry = undefined;
    this.failures = 0;
    const s = this.stream;
    this.stream = undefined;
    if (s) {
      openStreams--;
      s.destroy();
    }
    this.wake();
  }
}

const watchers = new WeakMap<Docker, Watcher>();

/** Listens to the container and network events of `docker`, on its one shared /events stream. */
export function onEngineEvents(docker: Docker, listener: EngineEventListener): EngineEventSubscription {
  let w = watchers.get(docker);
  if (!w) {
    w = new Watcher(docker);
    watchers.set(docker, w);
  }
  return w.add(listener);
}
