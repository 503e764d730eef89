// One /events stream of container events per Docker client, shared by everyone who listens (each
// log view that follows restarts, and later the live status), instead of one engine connection per
// viewer. It opens on the first listener, closes with the last, and reconnects with backoff when
// the engine drops it; listeners hear `reconnected` then, since events of the gap are lost (the
// engine replays only a few) and they must look again at what they care about.

import type Docker from 'dockerode';
import { type EngineEvent, parseEngineEvents } from '../status/engineEvents.ts';

export interface ContainerEventListener {
  event(e: EngineEvent): void;
  /** The stream was cut and is open again: something may have happened meanwhile. */
  reconnected?(): void;
}

const RETRY_MS = [250, 500, 1000, 2000, 5000];

class Watcher {
  private readonly listeners = new Set<ContainerEventListener>();
  private stream?: NodeJS.ReadableStream & { destroy(): void };
  private retry?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private opening = false;
  /** Waiters for the stream to be open (or to have failed once). */
  private waiting: (() => void)[] = [];

  constructor(private readonly docker: Docker) {}

  add(l: ContainerEventListener): ContainerEventSubscription {
    this.listeners.add(l);
    if (this.listeners.size === 1) void this.open(false);
    const ready = this.stream ? Promise.resolve() : new Promise<void>((r) => this.waiting.push(r));
    return {
      ready,
      stop: () => {
        this.listeners.delete(l);
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
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as typeof stream;
    } catch {
      this.opening = false;
      this.wake(); // nobody waits forever on an engine that is away: the retry follows
      return this.later();
    }
    this.opening = false;
    if (this.listeners.size === 0) return void stream.destroy();
    this.stream = stream;
    this.wake();
    this.failures = 0;
    const parse = parseEngineEvents((e) => {
      for (const l of [...this.listeners]) l.event(e);
    });
    stream.on('data', (chunk: Buffer) => parse(chunk));
    let ended = false;
    const cut = () => {
      if (ended) return;
      ended = true;
      if (this.stream === stream) this.stream = undefined;
      stream.destroy();
      this.later();
    };
    stream.on('error', cut);
    stream.on('end', cut);
    stream.on('close', cut);
    if (again) for (const l of [...this.listeners]) l.reconnected?.();
  }

  private later(): void {
    if (this.listeners.size === 0 || this.retry) return;
    const ms = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
    this.retry = setTimeout(() => void this.open(true), ms);
  }

  private close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const s = this.stream;
    this.stream = undefined;
    s?.destroy();
    this.wake();
  }
}

export interface ContainerEventSubscription {
  /** Resolves once the stream is open: what happens after that is heard. */
  ready: Promise<void>;
  stop(): void;
}

const watchers = new WeakMap<Docker, Watcher>();

/** Listens to the container events of `docker`. */
export function onContainerEvents(docker: Docker, listener: ContainerEventListener): ContainerEventSubscription {
  let w = watchers.get(docker);
  if (!w) {
    w = new Watcher(docker);
    watchers.set(docker, w);
  }
  return w.add(listener);
}
