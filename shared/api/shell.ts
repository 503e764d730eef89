// What the desktop app's shell (the Electron main process) does for the page beyond the engine:
// native notifications, a Save dialog, and the events its menu and notifications send back (open a stack, show
// a view). The browser mode has no such shell: the page uses the browser's Notification API there,
// and the `shellEvents` stream stays silent.

/** A native notification; clicking it opens `stack` in the window (focused first). */
export interface DesktopNotification {
  title: string;
  body: string;
  stack?: string;
}

/** Limits the shell enforces on a notification's text (longer text is refused, not cut). */
export const NOTIFICATION_LIMITS = { title: 200, body: 2000 } as const;

export type ShellView = 'stacks' | 'captures' | 'templates';

export type ShellEvent =
  /** A notification about this stack was clicked. */
  | { type: 'open-stack'; stack: string }
  /** A menu item (or its shortcut) asked for a view. */
  | { type: 'show-view'; view: ShellView }
  /** File → New Environment…: the page opens its New environment dialog. */
  | { type: 'new-environment' };

/** What the engine asks the shell's Save dialog (the desktop app's log export). */
export interface SaveDialogRequest {
  /** The file name proposed, e.g. `web-main.log`. */
  suggestedName: string;
  /** Picks the dialog's file type filter. */
  format: 'text' | 'jsonl';
}
