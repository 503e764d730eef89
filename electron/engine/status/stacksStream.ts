// The `stacks` stream: live status of every stack, driven by the engine's events (no polling per
// container), heard on the one /events stream the engine connection shares with every other
// viewer and with the health waits (docker/engineEvents.ts): ten windows showing the stacks hold
// one engine connection for events. A full list first; then every stack an event touches is
// read again when its events have been quiet for a moment (readSchedule.ts: a burst of events
// costs one read, and the engine's list has caught up with what it reported).
// The engine drops events for slow readers and replays only a few on reconnect, so an event only
// means "something changed", and every (re)connection of the event stream starts with a full
// list. While the engine is unreachable the stream says so and retries with backoff; it never
// ends on its own.

import type Docker from 'dockerode';
import type { StacksEvent } from '../../../shared/api/stacks.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers, StreamSink } from '../api/host.ts';
import { endpointOf } from '../docker/connect.ts';
import { type EngineEventSubscription, onEngineEvents } from '../docker/engineEvents.ts';
import { LABEL } from '../docker/labels.ts';
import { type Disposable, DisposableStore } from '../lifecycle/disposableStore.ts';
import { inspectStack, inspectStacks } from '../stacks/inspectStacks.ts';
import { ReadSchedule } from './readSchedule.ts';
import { stackOfEvent } from './stackOfEvent.ts';

const RETRY_MS = [250, 500, 1000, 2000, 5000];

export function stacksStream(ctx: EngineContext): StreamHandlers['stacks'] {
  return (_params, sink) => watchStacks(ctx, sink);
}

function watchStacks(ctx: EngineContext, sink: StreamSink<StacksEvent>): Disposable {
  const store = new DisposableStore('the stacks stream');
  const due = new ReadSchedule();
  /** Stacks due, waiting for the running read (or list) to take them. */
  const dirty = new Set<string>();
  /** Stacks the viewer has been told about. */
  const known = new Set<string>();
  let events: EngineEventSubscription | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let reading = false;
  /** A full list is being read: single reads wait for it, so the snapshot comes first. */
  let listing = false;
  /** Numbers the full lists: one overtaken by a newer one says nothing. */
  let lists = 0;
  store.add(() => {
    clearTimeout(flushTimer);
    clearTimeout(retryTimer);
  });

  const message = (e: unknown) => (e as Error)?.message ?? String(e);

  /** Something failed: say so, and try `again` after the backoff. */
  function lost(reason: string, again: () => void): void {
    if (store.isDisposed) return;
    const retryInMs = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)];
    sink.emit({ type: 'disconnected', reason, retryInMs, endpoint: endpointOf(ctx.settings) });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      again();
    }, retryInMs);
  }

  /** A read failed: while the event stream is down its reconnect lists again; else retry here. */
  function readFailed(docker: Docker, reason: string): void {
    if (events?.open) lost(reason, () => void list(docker));
  }

  async function list(docker: Docker): Promise<void> {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const n = ++lists;
    listing = true;
    try {
      const stacks = await inspectStacks(docker);
      if (store.isDisposed || n !== lists) return;
      failures = 0;
      known.clear();
      for (const s of stacks) known.add(s.name);
      sink.emit({ type: 'snapshot', stacks });
    } catch (e) {
      if (n === lists) readFailed(docker, `cannot list stacks: ${message(e)}`);
    } finally {
      if (n === lists) {
        listing = false;
        // Events heard while listing may be newer than the list: read those stacks again.
        if (dirty.size) void refresh(docker);
      }
    }
  }

  async function refresh(docker: Docker): Promise<void> {
    if (reading || listing) return; // the running read (or list) picks the rest up when it finishes
    reading = true;
    let name = '';
    try {
      while (dirty.size && !store.isDisposed && !listing) {
        const names = [...dirty];
        dirty.clear();
        for (const [i, next] of names.entries()) {
          // A full list began meanwhile: the rest waits for it, so its snapshot comes first.
          if (listing) {
            for (const rest of names.slice(i)) dirty.add(rest);
            break;
          }
          name = next;
          const stack = await inspectStack(docker, name);
          if (store.isDisposed) return;
          // A network named like ours but of another tool is not news to the viewer.
          if (!stack && !known.delete(name)) continue;
          if (stack) known.add(name);
          sink.emit({ type: 'stack', name, stack: stack ?? null });
        }
      }
    } catch (e) {
      readFailed(docker, `cannot read stack '${name}': ${message(e)}`);
    } finally {
      reading = false;
    }
  }

  function touched(docker: Docker, name: string): void {
    due.touch(name, Date.now());
    schedule(docker);
  }

  function schedule(docker: Docker): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const next = due.next();
    if (store.isDisposed || next === undefined) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      for (const name of due.take(Date.now())) dirty.add(name);
      schedule(docker);
      void refresh(docker);
    }, Math.max(0, next - Date.now()));
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (store.isDisposed) return;
    let docker: Docker;
    try {
      docker = (await ctx.engine()).docker;
    } catch (e) {
      // connectEngine's own error already names the engine and why; anything else gets the prefix.
      return lost(e instanceof BranchyardError ? e.message : `cannot reach the Docker engine: ${message(e)}`, () => void connect());
    }
    if (store.isDisposed) return;
    // Listening before listing, so nothing that happens in between is missed.
    const sub = store.add(
      onEngineEvents(docker, {
        event(e) {
          const name = stackOfEvent(e, LABEL.stack);
          if (name) touched(docker, name);
        },
        disconnected(reason, retryInMs) {
          if (store.isDisposed) return;
          // The stream's own retry is what brings the status back: a list now would fail too.
          clearTimeout(retryTimer);
          retryTimer = undefined;
          lists++;
          listing = false;
          sink.emit({ type: 'disconnected', reason, retryInMs, endpoint: endpointOf(ctx.settings) });
        },
        reconnected: () => void list(docker),
      }),
    );
    events = sub;
    await sub.ready;
    if (!store.isDisposed && sub.open) await list(docker);
  }

  void connect();
  return store;
}
