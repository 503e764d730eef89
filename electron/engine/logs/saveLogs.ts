// saveLogs: the desktop app's export. The page cannot name a path on this machine (file access
// `own`), so the shell asks the user with its native Save dialog, and the engine writes the file
// where the user chose. Without a shell (the browser mode, the command line) it is refused: there
// the export is a download or a path the user typed on their own command line.

import type { ExportLogsResult } from '../../../shared/api/logs.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext } from '../api/host.ts';
import type { DesktopShell } from '../shell/shellApi.ts';
import { writeLogFile } from './exportLogs.ts';
import { checkSaveParams } from './logParams.ts';

export async function saveLogs(ctx: EngineContext, shell: DesktopShell | undefined, raw: unknown, call: CallContext): Promise<ExportLogsResult | null> {
  const p = checkSaveParams(raw);
  if (!shell?.chooseSavePath) {
    throw new BranchyardError('invalid-input', 'this front end has no desktop shell to ask where to save: in the browser mode the export is a download');
  }
  const path = await shell.chooseSavePath({ suggestedName: p.suggestedName, format: p.format });
  if (path === null) return null;
  return writeLogFile(ctx, { ...p, path }, call);
}
