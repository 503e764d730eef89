// searchLogs: scans the whole history of a source in time order, line by line, keeping only the
// matches (at most `limit`; one more match sets `truncated` and ends the scan).

import type { LogLine, SearchLogsResult } from '../../../shared/api/logs.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext } from '../api/host.ts';
import { cancelledError } from '../../../shared/errors/errors.ts';
import { checkSearchParams } from './logParams.ts';
import { LogMerger } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';

export async function searchLogs(ctx: EngineContext, raw: unknown, call: CallContext): Promise<SearchLogsResult> {
  const p = checkSearchParams(raw);
  const sources = await openLogSources(ctx, p.source, { follow: false, since: p.since }, call.signal);
  const matches: LogLine[] = [];
  let scanned = 0;
  let truncated = false;
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const merger = new LogMerger(sources, {
        line(l) {
          scanned++;
          if (!p.matches(l.text)) return;
          if (matches.length < p.limit) {
            matches.push(l);
            return;
          }
          truncated = true;
          scanned--; // the line beyond the limit only says there are more
          merger.dispose();
          resolve();
        },
        caughtUp() {},
        notice() {},
        end: (error) => (error === undefined ? resolve() : reject(error)),
      });
      onAbort = () => {
        merger.dispose();
        reject(cancelledError());
      };
      if (call.signal.aborted) return onAbort();
      call.signal.addEventListener('abort', onAbort, { once: true });
      merger.start();
    });
  } finally {
    call.signal.removeEventListener('abort', onAbort);
  }
  return { matches, truncated, scanned };
}
