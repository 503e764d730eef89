// The app's one kind of window: a sandboxed renderer with context isolation and no Node, whose
// only way to the engine is the MessagePort its preload hands the page. It shows the bundled UI and
// nothing else: navigation elsewhere, new windows, webviews and permission prompts are refused,
// but for the clipboard (a terminal's copy and paste); a web link clicked in a terminal opens in
// the user's browser, never in the app.
// It opens where it was last (windowState.ts, checked against the displays) and saves its place
// when it moves, resizes or closes.

import { BrowserWindow, type WebContents, shell } from 'electron';
import { logged } from '../engine/log/logger.ts';
import { MIN_SIZE, type Placement, saveWindowState } from './windowState.ts';

export interface AppFiles {
  /** The bundled preload (CommonJS: a sandboxed preload cannot load ES modules). */
  preload: string;
  /** The renderer's index.html. */
  indexHtml: string;
  /** True for the URL of indexHtml (any query or hash). */
  isAppPage(url: string): boolean;
}

/** What the page may ask for: navigator.clipboard's read and write, for the terminals. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-read', 'clipboard-sanitized-write']);

function harden(contents: WebContents, files: AppFiles): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url).catch(logged('warn', `opening ${url} in the browser`));
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!files.isAppPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!files.isAppPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((asking, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission) && files.isAppPage(asking.getURL())));
}

/** Moves and resizes come in bursts: the place is written once they settle, and at close. */
const SAVE_AFTER_MS = 500;

function rememberPlace(win: BrowserWindow): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Minimized or full screen says nothing about where the window should open next time.
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    try {
      saveWindowState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      logged('warn', 'saving the window place')(e);
    }
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_AFTER_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', soon);
  win.on('close', save);
}

export function createAppWindow(files: AppFiles, placement: Placement): BrowserWindow {
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Branchyard',
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: files.preload,
    },
  });
  harden(win.webContents, files);
  if (placement.maximized) win.maximize();
  rememberPlace(win);
  // A notification made the task bar entry ask for attention (desktopShell.ts): looking ends it.
  win.on('focus', () => win.flashFrame(false));
  win.once('ready-to-show', () => win.show());
  void win.loadFile(files.indexHtml);
  return win;
}
