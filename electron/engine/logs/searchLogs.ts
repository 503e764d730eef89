// searchLogs: scans the whole history of a source in time order, line by line, under the view's
// filters, keeping only the matches (at most `limit`; one more match sets `truncated` and ends
// the scan once the last match kept has its lines of context).

import type { SearchLogsResult } from '../../../shared/api/logs.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext } from '../api/host.ts';
import { scanHistory } from './historyScan.ts';
import { checkSearchParams } from './logParams.ts';
import { SearchCollector } from './searchContext.ts';

export async function searchLogs(ctx: EngineContext, raw: unknown, call: CallContext): Promise<SearchLogsResult> {
  const p = checkSearchParams(raw);
  const found = new SearchCollector(p.matches, p.limit, p.context);
  await scanHistory(ctx, p.source, p.filter, call.signal, (line, index) => found.add(line, index));
  return { matches: found.matches, truncated: found.truncated, scanned: found.scanned };
}
