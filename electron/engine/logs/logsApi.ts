// Contract handlers for logs: the `logs` stream, searchLogs and exportLogs.

import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';
import { exportLogs } from './exportLogs.ts';
import { logDownloadStream } from './logDownload.ts';
import { logsStream } from './logsStream.ts';
import { searchLogs } from './searchLogs.ts';

export function logsHandlers(ctx: EngineContext): {
  requests: Pick<RequestHandlers, 'searchLogs' | 'exportLogs'>;
  streams: Pick<StreamHandlers, 'logs' | 'logDownload'>;
} {
  return {
    requests: {
      searchLogs: (params, call) => searchLogs(ctx, params, call),
      exportLogs: (params, call) => exportLogs(ctx, params, call),
    },
    streams: { logs: logsStream(ctx), logDownload: logDownloadStream(ctx) },
  };
}

export { splitCapturedLog } from './capturedEntrySplitter.ts';
export { openEngineStreams } from './engineStreams.ts';
