// logPage: the lines of a source's history around a position (a search match) or a time, so the
// log view can show any part of a history far longer than it keeps, page by page. The history is
// read from its start each time (docker keeps no index by position); only the page is held.

import type { LogLine, LogPageResult } from '../../../shared/api/logs.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext } from '../api/host.ts';
import { scanHistory } from './historyScan.ts';
import { checkPageParams } from './logParams.ts';
import { tsKey } from './timestamps.ts';

export async function logPage(ctx: EngineContext, raw: unknown, call: CallContext): Promise<LogPageResult> {
  const p = checkPageParams(raw);
  const anchorOf = p.anchor;
  /** The last `before` lines before the anchor, until it is found. */
  const before: LogLine[] = [];
  const after: LogLine[] = [];
  let anchor: number | undefined;
  const { lines, ended } = await scanHistory(ctx, p.source, p.filter, call.signal, (line, index) => {
    if (anchor === undefined) {
      const here = 'index' in anchorOf ? index >= anchorOf.index : tsKey(line.ts) >= anchorOf.timeKey;
      if (!here) {
        if (p.before > 0) {
          before.push(line);
          if (before.length > p.before) before.shift();
        }
        return;
      }
      anchor = index;
    }
    if (after.length >= p.after) return 'stop';
    after.push(line);
  });
  // An anchor past the end: the last lines, and the anchor is the end.
  const at = anchor ?? ('index' in anchorOf ? Math.min(anchorOf.index, lines) : lines);
  return { first: at - before.length, anchor: at, lines: [...before, ...after], atEnd: ended };
}
