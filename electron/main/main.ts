// Entry of the Electron app's main process. It is bundled to CommonJS next to the preload, the
// engine process and the renderer (node_modules/.cache/branchyard/app/{main.cjs, preload.cjs,
// engine.cjs, renderer/}) by the start script, so `__dirname` is that folder. The engine does not
// run here: it runs in a utility process this starts (and starts again if it dies), and a window
// reaches it only through the MessagePort its preload sends, which this hands on to that process
// (ipcTransport.ts, engineProcess.ts).

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, type MessagePortMain, app, utilityProcess } from 'electron';
import { log, logToFile } from '../engine/log/logger.ts';
import { dataDir } from '../engine/paths.ts';
import { type AppFiles, createAppWindow } from './appWindow.ts';
import { superviseEngine } from './engineProcess.ts';
import { serveIpc } from './ipcTransport.ts';

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

// The main process's own log (the engine process's restarts), next to the engine's.
logToFile({ folder: join(dataDir(), 'logs'), file: 'main.log' });

let quit: (() => void) | undefined;

void app.whenReady().then(() => {
  // A utility process can only be started once the app is ready; ports that pages send before
  // it runs wait for it.
  const engine = superviseEngine<MessagePortMain>({
    fork: () => utilityProcess.fork(join(__dirname, 'engine.cjs'), [], { serviceName: 'Branchyard engine', stdio: 'inherit' }),
    closePort: (port) => port.close(),
    exited(code, restartInMs) {
      if (restartInMs !== undefined) log.warn(`the engine process ended (exit code ${code}); starting it again in ${restartInMs} ms`);
    },
  });
  const transport = serveIpc(engine, files);
  quit = () => {
    transport.close();
    engine.close();
  };
  createAppWindow(files);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createAppWindow(files);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => quit?.());
