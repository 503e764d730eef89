// The native Save dialog a log export asks for (engine `saveLogs` → engine process → here). It
// proposes the file name in the user's Downloads folder, with a file type filter for the format;
// the path the user picks goes back to the engine, which writes the file.

import { join } from 'node:path';
import { type BrowserWindow, type SaveDialogOptions, app, dialog } from 'electron';
import type { SaveDialogRequest } from '../../shared/api/shell.ts';

export function saveDialogOptions(request: SaveDialogRequest, downloads: string): SaveDialogOptions {
  const filters =
    request.format === 'jsonl'
      ? [{ name: 'JSON lines', extensions: ['jsonl', 'json'] }, { name: 'All files', extensions: ['*'] }]
      : [{ name: 'Log files', extensions: ['log', 'txt'] }, { name: 'All files', extensions: ['*'] }];
  return { defaultPath: join(downloads, request.suggestedName), filters, properties: ['createDirectory', 'showOverwriteConfirmation'] };
}

export async function chooseSavePath(win: BrowserWindow | undefined, request: SaveDialogRequest): Promise<string | null> {
  const options = saveDialogOptions(request, app.getPath('downloads'));
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}
