// The `logs` stream: the merged history of a source, `caught-up`, then (with follow) live lines.
// The host pauses the returned source when the viewer falls behind; that pauses the merger, which
// pauses every engine response, so a slow viewer never makes the engine side hold more than a
// few hundred lines per container.

import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers } from '../api/host.ts';
import { checkLogsParams } from './logParams.ts';
import type Docker from 'dockerode';
import { onEngineEvents } from '../docker/engineEvents.ts';
import { LABEL } from '../docker/labels.ts';
import { type Disposable, DisposableStore } from '../lifecycle/disposableStore.ts';
import type { LineSource } from './lineSource.ts';
import { LogMerger, QUEUE_LINES } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';
import { ServiceFollowSource } from './serviceFollowSource.ts';

export function logsStream(ctx: EngineContext): StreamHandlers['logs'] {
  return async (raw, sink) => {
    const p = checkLogsParams(raw);
    const sources = await openLogSources(ctx, p.source, p, sink.signal);
    // Following a whole stack across restarts also means its services that have no container yet.
    const newServices =
      p.followRestarts && p.source.kind === 'live' && !p.source.services ? { docker: (await ctx.engine()).docker, stack: p.source.stack } : undefined;
    // Nothing is open until the merger starts its sources: from here on the store holds it all.
    const store = new DisposableStore(`the logs stream of ${p.source.kind === 'live' ? `stack ${p.source.stack}` : `capture ${p.source.id}`}`);
    const merger = store.add(
      new LogMerger(
        sources,
        {
          line: (l) => sink.emit({ type: 'line', ...l }),
          caughtUp: () => sink.emit({ type: 'caught-up' }),
          notice: (service, message) => sink.emit({ type: 'notice', service, message }),
          end: (error) => sink.end(error),
        },
        QUEUE_LINES,
        p.followRestarts,
      ),
    );
    if (newServices) store.add(watchNewServices(newServices.docker, newServices.stack, sources, (s) => merger.add(s)));
    const dispose = () => store.dispose();
    if (sink.signal.aborted) return void dispose();
    sink.signal.addEventListener('abort', dispose, { once: true });
    merger.start();
    return {
      dispose,
      pause: () => merger.pause(),
      resume: () => merger.resume(),
    };
  };
}

/** Adds a followed source for each service of `stack` whose first container starts later. */
function watchNewServices(docker: Docker, stack: string, sources: LineSource[], add: (s: LineSource) => void): Disposable {
  const known = new Set(sources.map((s) => s.service));
  return onEngineEvents(docker, {
    event(e) {
      const a = e.Actor?.Attributes ?? {};
      const service = a[LABEL.service];
      if (e.Type !== 'container' || e.Action !== 'start' || a[LABEL.stack] !== stack || !service || known.has(service) || !e.Actor?.ID) return;
      known.add(service);
      add(new ServiceFollowSource(docker, { stack, service, containerId: e.Actor.ID }, { follow: true }));
    },
  });
}
