// The `stats` stream: live CPU and memory of one stack's running containers. One engine stats
// stream (/containers/{id}/stats, a reading about every second) per running container; the
// shared /events stream says when a container of the stack starts (a stream is opened) or dies
// (it is closed and the viewer told `gone`), and after a cut of that stream the running
// containers are listed again. Disposing the subscription closes every engine stream it opened.
// While the viewer is behind (flow control), readings are dropped: only the newest one matters.

import type Docker from 'dockerode';
import type { StatsEvent } from '../../../shared/api/control.ts';
import { checkStackName } from '../capture/captureId.ts';
import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers, StreamSink, StreamSource } from '../api/host.ts';
import { onEngineEvents } from '../docker/engineEvents.ts';
import { parseJsonLines } from '../docker/jsonLines.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';
import { logged } from '../log/logger.ts';
import { type EngineStats, statsSample } from './statsSample.ts';

type EngineStream = NodeJS.ReadableStream & { destroy(): void };

/** Engine stats streams open now, so tests can see that none outlives its viewer. */
export const openStatsStreams = new Set<EngineStream>();

export function statsStream(ctx: EngineContext): StreamHandlers['stats'] {
  return async (params, sink) => {
    const stack = checkStackName(params?.stack);
    return watchStackStats((await ctx.engine()).docker, stack, sink);
  };
}

interface Followed {
  service: string;
  stream?: EngineStream;
  closed: boolean;
}

export function watchStackStats(docker: Docker, stack: string, sink: StreamSink<StatsEvent>): StreamSource {
  const followed = new Map<string, Followed>();
  const store = new DisposableStore('the stats stream');
  let paused = false;
  const isDisposed = () => store.isDisposed;

  const close = (id: string, tell: boolean) => {
    const f = followed.get(id);
    if (!f) return;
    followed.delete(id);
    f.closed = true;
    if (f.stream) {
      openStatsStreams.delete(f.stream);
      f.stream.destroy();
    }
    if (tell && !isDisposed()) sink.emit({ type: 'gone', service: f.service, containerId: id });
  };

  const follow = async (id: string, service: string) => {
    if (isDisposed() || followed.has(id)) return;
    const f: Followed = { service, closed: false };
    followed.set(id, f);
    let stream: EngineStream;
    try {
      stream = (await docker.getContainer(id).stats({ stream: true, abortSignal: sink.signal } as { stream: true })) as EngineStream;
    } catch (e) {
      // Stopped (or removed) before its stream opened: its die event closes it, or it is gone.
      logged('debug', `opening the stats of ${service}`)(e);
      if (!f.closed) close(id, true);
      return;
    }
    if (f.closed || isDisposed()) return void stream.destroy();
    f.stream = stream;
    openStatsStreams.add(stream);
    const parse = parseJsonLines<EngineStats>((s) => {
      if (paused || f.closed || isDisposed()) return;
      sink.emit({ type: 'sample', service, containerId: id, ...statsSample(s) });
    });
    stream.on('data', (chunk: Buffer) => parse(chunk));
    const ended = () => {
      if (followed.get(id) === f) close(id, true);
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
  };

  /** The running containers of the stack now: follow the new ones, close the ones gone. */
  const resync = async () => {
    let running: Docker.ContainerInfo[];
    try {
      running = await docker.listContainers({ filters: { ...stackFilter(stack), status: ['running'] }, abortSignal: sink.signal });
    } catch (e) {
      if (!isDisposed()) sink.end(e);
      return;
    }
    if (isDisposed()) return;
    const ids = new Set(running.map((c) => c.Id));
    for (const id of [...followed.keys()]) if (!ids.has(id)) close(id, true);
    for (const c of running) void follow(c.Id, c.Labels?.[LABEL.service] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id);
  };

  const events = onEngineEvents(docker, {
    event(e) {
      const attrs = e.Actor?.Attributes ?? {};
      if (e.Type !== 'container') return;
      if (attrs[LABEL.stack] !== stack) return;
      const id = e.Actor?.ID ?? e.id;
      if (!id) return;
      if (e.Action === 'start' || e.Action === 'unpause') void follow(id, attrs[LABEL.service] ?? attrs.name ?? id);
      else if (e.Action === 'die' || e.Action === 'destroy' || e.Action === 'pause') close(id, true);
    },
    reconnected: () => void resync(),
  });
  store.add(events);
  // Every engine stats stream still open (once disposed, no event opens one anew).
  store.add(() => {
    for (const id of [...followed.keys()]) close(id, false);
  });
  // Listen first, then list: a container that starts in between is heard of.
  void events.ready.then(() => resync());

  return {
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    dispose: () => store.dispose(),
  };
}
