// Contract handlers for logs: the `logs` stream, searchLogs, logPage, exportLogs, saveLogs and
// the logDownload stream (which the browser-mode server also serves as an HTTP download).

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { FileAccess } from '../stackfile/stackFileSource.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';
import { exportLogs } from './exportLogs.ts';
import type { DesktopShell } from '../shell/shellApi.ts';
import { logDownloadStream } from './logDownload.ts';
import { logPage } from './logPage.ts';
import { logsStream } from './logsStream.ts';
import { saveLogs } from './saveLogs.ts';
import { searchLogs } from './searchLogs.ts';

/** With `own` file access (the app, the browser mode) exports are downloads, never paths. */
export function logsHandlers(ctx: EngineContext, access: FileAccess = 'any', shell?: DesktopShell): {
  requests: Pick<RequestHandlers, 'searchLogs' | 'exportLogs' | 'logPage' | 'saveLogs'>;
  streams: Pick<StreamHandlers, 'logs' | 'logDownload'>;
} {
  return {
    requests: {
      searchLogs: (params, call) => searchLogs(ctx, params, call),
      logPage: (params, call) => logPage(ctx, params, call),
      saveLogs: (params, call) => saveLogs(ctx, shell, params, call),
      exportLogs: async (params, call) => {
        if (access === 'own') {
          throw BranchyardError.invalid([
            { field: 'path', message: "this front end cannot write files on the engine's machine: export as a download (the logDownload stream)" },
          ]);
        }
        return exportLogs(ctx, params, call);
      },
    },
    streams: { logs: logsStream(ctx), logDownload: logDownloadStream(ctx) },
  };
}

export { splitCapturedLog } from './capturedEntrySplitter.ts';
export { openEngineStreams } from './engineStreams.ts';
