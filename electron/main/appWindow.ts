// The app's one kind of window: a sandboxed renderer with context isolation and no Node, whose
// only way to the engine is the MessagePort its preload hands the page. It shows the bundled UI and
// nothing else: navigation elsewhere, new windows, webviews and permission prompts are refused.

import { BrowserWindow, type WebContents } from 'electron';

export interface AppFiles {
  /** The bundled preload (CommonJS: a sandboxed preload cannot load ES modules). */
  preload: string;
  /** The renderer's index.html. */
  indexHtml: string;
  /** True for the URL of indexHtml (any query or hash). */
  isAppPage(url: string): boolean;
}

function harden(contents: WebContents, files: AppFiles): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!files.isAppPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!files.isAppPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

export function createAppWindow(files: AppFiles): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
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
  win.once('ready-to-show', () => win.show());
  void win.loadFile(files.indexHtml);
  return win;
}
