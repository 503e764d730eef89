// The `logs` stream: the merged history of a source, `caught-up`, then (with follow) live lines.
// The host pauses the returned source when the viewer falls behind; that pauses the merger, which
// pauses every engine response, so a slow viewer never makes the engine side hold more than a
// few hundred lines per container.

import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers } from '../api/host.ts';
import { checkLogsParams } from './logParams.ts';
import { LogMerger } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';

export function logsStream(ctx: EngineContext): StreamHandlers['logs'] {
  return async (raw, sink) => {
    const p = checkLogsParams(raw);
    const sources = await openLogSources(ctx, p.source, p, sink.signal);
    const merger = new LogMerger(sources, {
      line: (l) => sink.emit({ type: 'line', ...l }),
      caughtUp: () => sink.emit({ type: 'caught-up' }),
      notice: (service, message) => sink.emit({ type: 'notice', service, message }),
      end: (error) => sink.end(error),
    });
    if (sink.signal.aborted) {
      merger.dispose();
      return;
    }
    sink.signal.addEventListener('abort', () => merger.dispose(), { once: true });
    merger.start();
    return {
      dispose: () => merger.dispose(),
      pause: () => merger.pause(),
      resume: () => merger.resume(),
    };
  };
}
