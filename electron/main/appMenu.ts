// The app's native menu, as data: which items, roles and shortcuts, for a platform and for a
// development or a packaged build. Electron's Menu.buildFromTemplate takes it as is (main.ts);
// only types come from electron here, so the menu is unit-tested in plain Node.
//
// Roles give each platform its usual behaviour (copy and paste work on macOS only through the
// Edit menu's roles). The developer tools are there only in development: a packaged app has no
// use for them, and they would let anyone with the window drive the engine's contract by hand.

import type { MenuItemConstructorOptions } from 'electron';
import type { ShellView } from '../../shared/api/shell.ts';

export interface MenuActions {
  showView(view: ShellView): void;
  newEnvironment(): void;
  /** Opens one of the bundled documentation files (README.md, docs/stack-file.md, ...). */
  openDoc(file: string): void;
  /** Opens the data folder (engine log, settings, window state) in the file manager. */
  openDataFolder(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Not packaged: reload without cache and the developer tools are offered. */
  development: boolean;
  appName: string;
  actions: MenuActions;
}

export const DOCS = [
  { label: 'Branchyard Documentation', file: 'README.md' },
  { label: 'Stack File Reference', file: 'docs/stack-file.md' },
  { label: 'Browser Mode and Security', file: 'docs/browser-mode.md' },
  { label: 'Captures', file: 'docs/captures.md' },
] as const;

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const menus: MenuItemConstructorOptions[] = [];
  if (mac) {
    menus.push({
      label: o.appName,
      submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
    });
  }
  const newEnvironment: MenuItemConstructorOptions = { id: 'new-environment', label: 'New Environment…', accelerator: 'CmdOrCtrl+N', click: () => o.actions.newEnvironment() };
  menus.push({ label: 'File', submenu: mac ? [newEnvironment, sep, { role: 'close' }] : [newEnvironment, sep, { role: 'close' }, sep, { role: 'quit' }] });
  menus.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  menus.push({
    label: 'View',
    submenu: [
      { id: 'view-stacks', label: 'Stacks', accelerator: 'CmdOrCtrl+1', click: () => o.actions.showView('stacks') },
      { id: 'view-captures', label: 'Captures', accelerator: 'CmdOrCtrl+2', click: () => o.actions.showView('captures') },
      { id: 'view-templates', label: 'Templates', accelerator: 'CmdOrCtrl+3', click: () => o.actions.showView('templates') },
      sep,
      { role: 'reload' },
      ...(o.development ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  });
  menus.push({ label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }] });
  menus.push({
    role: 'help',
    submenu: [
      ...DOCS.map((d): MenuItemConstructorOptions => ({ label: d.label, click: () => o.actions.openDoc(d.file) })),
      sep,
      { label: 'Open the Data Folder (Logs, Settings)', click: () => o.actions.openDataFolder() },
    ],
  });
  return menus;
}
