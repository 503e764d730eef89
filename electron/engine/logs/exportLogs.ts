// exportLogs: writes the lines of a source, merged in time order, to a file as
// `<timestamp> <service> <stream> <text>\n`. The file is written as `<path>.partial` and renamed
// when complete, so a reader never sees half an export; the write stream's back-pressure pauses
// the merge, so the export takes no more memory than a viewer.

import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExportLogsResult } from '../../../shared/api/logs.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext } from '../api/host.ts';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import { exportLine } from './exportLine.ts';
import { type CheckedExportParams, checkExportParams } from './logParams.ts';
import { LogMerger } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';

export async function exportLogs(ctx: EngineContext, raw: unknown, call: CallContext): Promise<ExportLogsResult> {
  return writeLogFile(ctx, checkExportParams(raw), call);
}

/** The export to a path already checked (the command line's, or the one the app's Save dialog gave). */
export async function writeLogFile(ctx: EngineContext, p: CheckedExportParams, call: CallContext): Promise<ExportLogsResult> {
  const folder = dirname(p.path);
  const isFolder = await stat(folder).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) throw BranchyardError.invalid([{ field: 'path', message: `the folder ${folder} does not exist` }]);
  const sources = await openLogSources(ctx, p.source, { follow: false, since: p.since }, call.signal);
  const partial = `${p.path}.partial`;
  let lines = 0;
  let bytes = 0;
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(partial);
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        merger.dispose();
        out.destroy();
        reject(error);
      };
      out.on('error', (e) => fail(new BranchyardError('engine', `cannot write ${partial}: ${e.message}`, { file: partial })));
      const merger = new LogMerger(sources, {
        line(l) {
          if (failed || !p.filter.passes(l) || (p.matches && !p.matches(l.text))) return;
          const text = exportLine(l, p.format);
          lines++;
          bytes += Buffer.byteLength(text);
          if (!out.write(text)) {
            merger.pause();
            out.once('drain', () => merger.resume());
          }
        },
        caughtUp() {},
        notice() {},
        end(error) {
          if (error !== undefined) return fail(error);
          out.once('close', () => !failed && resolve());
          out.end();
        },
      });
      onAbort = () => fail(cancelledError());
      if (call.signal.aborted) return onAbort();
      call.signal.addEventListener('abort', onAbort, { once: true });
      merger.start();
    });
    await rename(partial, p.path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    call.signal.removeEventListener('abort', onAbort);
  }
  return { path: p.path, lines, bytes };
}
