// The desktop shell the contract's `notify` and `shellEvents` talk to (engine/shell/shellApi.ts),
// made of Electron's parts: native notifications whose click brings the window to the front and
// opens the stack, and the events the menu sends to the page.

import { type BrowserWindow, Notification } from 'electron';
import type { ShellEvent } from '../../shared/api/shell.ts';
import type { DesktopShell } from '../engine/shell/shellApi.ts';

export interface AppShell extends DesktopShell {
  /** Sends an event to every page (a menu item). */
  emit(e: ShellEvent): void;
}

/** Restores, shows and focuses the window (a click on a notification, a second launch). */
export function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export function createAppShell(mainWindow: () => BrowserWindow | undefined): AppShell {
  const listeners = new Set<(e: ShellEvent) => void>();
  // Shown notifications are kept until clicked or closed: one the garbage collector takes loses
  // its click handler while it is still on screen.
  const shown = new Set<Notification>();
  const emit = (e: ShellEvent) => {
    for (const l of listeners) l(e);
  };
  return {
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(n) {
      const win = mainWindow();
      // The task bar entry asks for attention too (Windows, Linux); focusing the window stops it.
      if (win && !win.isFocused()) win.flashFrame(true);
      if (!Notification.isSupported()) return;
      const note = new Notification({ title: n.title, body: n.body });
      shown.add(note);
      note.on('click', () => {
        shown.delete(note);
        const w = mainWindow();
        if (w) bringToFront(w);
        if (n.stack) emit({ type: 'open-stack', stack: n.stack });
      });
      note.on('close', () => shown.delete(note));
      note.show();
    },
  };
}
