// Reads the history of a source once, in time order, under a view's filters, giving each line
// its position (0: the oldest line that passes). searchLogs and logPage are built on it; the
// visitor stops the scan early by returning 'stop' (the sources are closed at once).

import type { LogLine, LogSource } from '../../../shared/api/logs.ts';
import { cancelledError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { CheckedFilter } from './logParams.ts';
import { LogMerger } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';

export type LineVisitor = (line: LogLine, index: number) => 'stop' | void;

/** Resolves with the number of lines visited and whether the history ended (not stopped). */
export async function scanHistory(
  ctx: EngineContext,
  source: LogSource,
  filter: CheckedFilter,
  signal: AbortSignal,
  visit: LineVisitor,
): Promise<{ lines: number; ended: boolean }> {
  const sources = await openLogSources(ctx, source, { follow: false, since: filter.since }, signal);
  let index = 0;
  let onAbort = () => {};
  try {
    return await new Promise((resolve, reject) => {
      let done = false;
      const merger = new LogMerger(sources, {
        line(l) {
          if (done || !filter.passes(l)) return;
          if (visit(l, index++) === 'stop') {
            done = true;
            void merger.dispose();
            resolve({ lines: index, ended: false });
          }
        },
        caughtUp() {},
        notice() {},
        end(error) {
          if (done) return;
          done = true;
          if (error !== undefined) reject(error);
          else resolve({ lines: index, ended: true });
        },
      });
      onAbort = () => {
        if (done) return;
        done = true;
        void merger.dispose();
        reject(cancelledError());
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      merger.start();
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
