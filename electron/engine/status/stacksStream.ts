// The `stacks` stream: live status of every stack, driven by the engine's /events (no polling per
// container). A full list first; then, for every event that touches a stack, that stack is read
// again (coalesced for 100 ms, so a burst of events costs one read). The engine drops events for
// slow readers and replays only a few on reconnect, so an event only means "something changed"
// and every (re)connection starts with a full list. While the engine is unreachable the stream
// says so and retries with backoff; it never ends on its own.

import type Docker from 'dockerode';
import type { StacksEvent } from '../../../shared/api/stacks.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers, StreamSink } from '../api/host.ts';
import { describeEndpoint } from '../docker/connect.ts';
import { LABEL } from '../docker/labels.ts';
import { inspectStack, inspectStacks } from '../stacks/inspectStacks.ts';
import { parseEngineEvents } from './engineEvents.ts';
import { stackOfEvent } from './stackOfEvent.ts';

const COALESCE_MS = 100;
const RETRY_MS = [250, 500, 1000, 2000, 5000];

/** Open event streams, so tests can cut one as a dropped connection would. */
export const openEventStreams = new Set<NodeJS.ReadableStream & { destroy(): void }>();

export function stacksStream(ctx: EngineContext): StreamHandlers['stacks'] {
  return (_params, sink) => watchStacks(ctx, sink);
}

function watchStacks(ctx: EngineContext, sink: StreamSink<StacksEvent>): { dispose(): void } {
  let stopped = false;
  let events: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const dirty = new Set<string>();
  /** Stacks the viewer has been told about. */
  const known = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;

  async function refresh(docker: Docker): Promise<void> {
    if (reading) return; // the running read picks the rest up when it finishes
    reading = true;
    try {
      while (dirty.size && !stopped) {
        const names = [...dirty];
        dirty.clear();
        for (const name of names) {
          const stack = await inspectStack(docker, name);
          if (stopped) return;
          // A network named like ours but of another tool is not news to the viewer.
          if (!stack && !known.delete(name)) continue;
          if (stack) known.add(name);
          sink.emit({ type: 'stack', name, stack: stack ?? null });
        }
      }
    } catch {
      // A failed read is a dropped engine: reconnecting re-lists everything.
      events?.destroy();
    } finally {
      reading = false;
    }
  }

  function touched(docker: Docker, name: string): void {
    dirty.add(name);
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      void refresh(docker);
    }, COALESCE_MS);
  }

  function lost(reason: string): void {
    if (stopped) return;
    events = undefined;
    const retryInMs = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures++;
    sink.emit({ type: 'disconnected', reason, retryInMs, endpoint: describeEndpoint() });
    retryTimer = setTimeout(() => void connect(), retryInMs);
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (stopped) return;
    let docker: Docker;
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      docker = (await ctx.engine()).docker;
      // Subscribe before listing, so nothing that happens in between is missed.
      stream = (await docker.getEvents({ filters: { type: ['container', 'network'] } })) as NodeJS.ReadableStream & { destroy(): void };
    } catch (e) {
      // connectEngine's own error already names the engine and why; anything else gets the prefix.
      return lost(e instanceof BranchyardError ? e.message : `cannot reach the Docker engine: ${(e as Error).message}`);
    }
    if (stopped) return void stream.destroy();
    events = stream;
    openEventStreams.add(stream);
    let ended = false;
    const onEnd = (why: string) => {
      if (ended) return;
      ended = true;
      openEventStreams.delete(stream);
      stream.destroy();
      lost(why);
    };
    stream.on('error', (e: Error) => onEnd(`the engine's event stream failed: ${e.message}`));
    stream.on('end', () => onEnd("the engine's event stream ended"));
    stream.on('close', () => onEnd("the engine's event stream closed"));
    const parse = parseEngineEvents((event) => {
      const name = stackOfEvent(event, LABEL.stack);
      if (name) touched(docker, name);
    });
    stream.on('data', (chunk: Buffer) => parse(chunk));
    try {
      const stacks = await inspectStacks(docker);
      if (stopped) return;
      failures = 0;
      known.clear();
      for (const s of stacks) known.add(s.name);
      sink.emit({ type: 'snapshot', stacks });
    } catch (e) {
      onEnd(`cannot list stacks: ${(e as Error).message}`);
    }
  }

  void connect();
  return {
    dispose() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (flushTimer) clearTimeout(flushTimer);
      if (events) {
        openEventStreams.delete(events);
        events.destroy();
      }
    },
  };
}
