// Entry of the Electron app's main process. It is bundled to CommonJS next to the preload and the
// renderer (node_modules/.cache/branchyard/app/{main.cjs, preload.cjs, renderer/}) by the start
// script, so `__dirname` is that folder. The engine runs here, in plain Node; a window reaches
// it only through the MessagePort its preload sends (ipcTransport.ts).

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app } from 'electron';
import { createEngineContext } from '../engine/api/context.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { type AppFiles, createAppWindow } from './appWindow.ts';
import { serveIpc } from './ipcTransport.ts';
import { logToFile } from '../engine/log/logger.ts';
import { dataDir } from '../engine/paths.ts';

const indexHtml = join(__dirname, 'renderer', 'index.html');
const appUrl = pathToFileURL(indexHtml).href;

const files: AppFiles = {
  preload: join(__dirname, 'preload.cjs'),
  indexHtml,
  isAppPage(url) {
    try {
      const u = new URL(url);
      u.search = '';
      u.hash = '';
      return u.href === appUrl;
    } catch {
      return false;
    }
  },
};

// Every renderer is sandboxed, also any created later; must be called before `ready`.
app.enableSandbox();

// One engine context and one set of handlers for the whole app; one host per window.
// The app's engine logs to a rotating file in the data folder: nobody reads its stderr.
logToFile({ folder: join(dataDir(), 'logs') });
const handlers = createHandlers(createEngineContext(), { fileAccess: 'own' });
const transport = serveIpc(handlers, files);

void app.whenReady().then(() => {
  createAppWindow(files);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createAppWindow(files);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => transport.close());
