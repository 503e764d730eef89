// Entry of the Electron app's main process. It is bundled to CommonJS next to the engine
// process, the preload, the renderer and the docs (node_modules/.cache/branchyard/app/{main.cjs,
// engine.cjs, preload.cjs, renderer/, docs/}) by scripts/bundleApp.ts, so `__dirname` is that
// folder (inside app.asar once packaged). The engine does not run here: it runs in a utility
// process this starts (and starts again if it dies), and a window reaches it only through the
// MessagePort its preload sends, which this hands on to that process (ipcTransport.ts,
// engineProcess.ts). What only this process can do for the pages (native notifications, the
// menu) crosses as shell messages. One instance per user: a second launch brings the first
// one's window to the front and quits.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserWindow, Menu, type MessagePortMain, app, screen, shell, utilityProcess } from 'electron';
import { chooseSavePath } from './saveDialog.ts';
import { log, logToFile } from '../engine/log/logger.ts';
import { dataDir } from '../engine/paths.ts';
import { menuTemplate } from './appMenu.ts';
import { type AppFiles, createAppWindow } from './appWindow.ts';
import { bringToFront, createAppShell } from './desktopShell.ts';
import { superviseEngine } from './engineProcess.ts';
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
  // The main process's own log (the engine process's restarts), next to the engine's engine.log.
  logToFile({ folder: join(dataDir(), 'logs'), file: 'main.log' });
  let mainWindow: BrowserWindow | undefined;
  const appShell = createAppShell(() => mainWindow);
  let quit: (() => void) | undefined;

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
    // A utility process can only be started once the app is ready; ports that pages send before
    // it runs wait for it.
    const engine = superviseEngine<MessagePortMain>({
      fork: () => utilityProcess.fork(join(__dirname, 'engine.cjs'), [], { serviceName: 'Branchyard engine', stdio: 'inherit' }),
      closePort: (port) => port.close(),
      exited(code, restartInMs) {
        if (restartInMs !== undefined) log.warn(`the engine process ended (exit code ${code}); starting it again in ${restartInMs} ms`);
      },
      notify: (n) => appShell.notify(n),
      chooseSavePath: (request) => chooseSavePath(mainWindow, request),
      showInFolder: (path) => shell.showItemInFolder(path),
    });
    // What the shell asks of the pages (a clicked notification, a menu item) goes to the engine
    // process, whose `shellEvents` stream the pages listen on.
    const stopShell = appShell.onEvent((e) => engine.shellEvent(e));
    const transport = serveIpc(engine, files);
    quit = () => {
      stopShell();
      transport.close();
      engine.close();
    };
    openWindow();
    app.on('activate', () => {
      if (!mainWindow) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => quit?.());
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
