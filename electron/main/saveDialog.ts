// The native Save dialog a log export asks for (engine `saveLogs` → engine process → here, see
// engineProcess.ts): modal over the window when there is one. The path the user picks goes back
// to the engine, which writes the file; null when they cancelled.

import { type BrowserWindow, app, dialog } from 'electron';
import type { SaveDialogRequest } from '../../shared/api/shell.ts';
import { saveDialogOptions } from './saveDialogOptions.ts';

export async function chooseSavePath(win: BrowserWindow | undefined, request: SaveDialogRequest): Promise<string | null> {
  const options = saveDialogOptions(request, app.getPath('downloads'));
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}
