// Entry of the Electron app's main process. It is bundled to CommonJS next to the preload, the
// renderer and the docs (node_modules/.cache/branchyard/app/{main.cjs, preload.cjs, renderer/,
// docs/}) by scripts/bundleApp.ts, so `__dirname` is that folder (inside app.asar once packaged).
// The engine runs here, in plain Node; a window reaches it only through the MessagePort its
// preload sends (ipcTransport.ts). One instance per user: a second launch brings the first
// one's window to the front and quits.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserWindow, Menu, app, screen, shell } from 'electron';
import { createEngineContext } from '../engine/api/context.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { log, logToFile } from '../engine/log/logger.ts';
import { dataDir } from '../engine/paths.ts';
import { menuTemplate } from './appMenu.ts';
import { type AppFiles, createAppWindow } from './appWindow.ts';
import { bringToFront, createAppShell } from './desktopShell.ts';
import { serveIpc } from './ipcTransport.ts';
import { loadWindowState, placeWindow } from './windowState.ts';

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

/** Files other programs open (the docs) cannot be read from inside app.asar: they are unpacked beside it. */
function outsideAsar(path: string): string {
  return path.replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2');
}

function openPath(path: string): void {
  void shell.openPath(path).then((error) => error && log.warn(`opening ${path}: ${error}`));
}

function start(): void {
  // The app's engine logs to a rotating file in the data folder: nobody reads its stderr.
  logToFile({ folder: join(dataDir(), 'logs') });
  let mainWindow: BrowserWindow | undefined;
  const appShell = createAppShell(() => mainWindow);
  // One engine context and one set of handlers for the whole app; one host per window.
  const handlers = createHandlers(createEngineContext(), { fileAccess: 'own', shell: appShell });
  const transport = serveIpc(handlers, files);

  const openWindow = () => {
    const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
    const win = createAppWindow(files, placeWindow(loadWindowState(), workAreas));
    mainWindow = win;
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = undefined;
    });
  };

  app.on('second-instance', () => {
    if (mainWindow) bringToFront(mainWindow);
    else if (app.isReady()) openWindow();
  });

  void app.whenReady().then(() => {
    const menu = menuTemplate({
      platform: process.platform,
      development: !app.isPackaged,
      appName: app.name,
      actions: {
        showView(view) {
          if (mainWindow) bringToFront(mainWindow);
          appShell.emit({ type: 'show-view', view });
        },
        newEnvironment() {
          if (mainWindow) bringToFront(mainWindow);
          appShell.emit({ type: 'new-environment' });
        },
        openDoc: (file) => openPath(outsideAsar(join(__dirname, 'docs', file))),
        openDataFolder: () => openPath(dataDir()),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
    openWindow();
    app.on('activate', () => {
      if (!mainWindow) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => transport.close());
}

// Every renderer is sandboxed, also any created later; must be called before `ready`.
app.enableSandbox();
app.setName('Branchyard');
// Electron's own files (Chromium's caches, the single-instance lock) live in the data folder too,
// so BRANCHYARD_DATA_DIR keeps everything of one instance together (and tests apart).
app.setPath('userData', join(dataDir(), 'electron'));
if (app.requestSingleInstanceLock()) start();
// Another instance runs: it hears of this launch ('second-instance') and shows its window.
else app.quit();
