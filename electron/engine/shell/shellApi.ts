// The contract's door to the desktop app's shell: `notify` shows a native notification and
// `shellEvents` carries what the shell asks of the page (a clicked notification opens its stack,
// a menu item shows a view). The shell itself (Electron's Notification, the menu) is given by the
// main process as a DesktopShell, so nothing here imports electron; the browser mode and the
// command line give none: `notify` is refused there and `shellEvents` stays silent.

import { type DesktopNotification, NOTIFICATION_LIMITS, type SaveDialogRequest, type ShellEvent } from '../../../shared/api/shell.ts';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';

export interface DesktopShell {
  notify(n: DesktopNotification): void;
  /**
   * Asks the user where to save a file (the native Save dialog over the window); null when they
   * cancelled. Absent where the shell cannot ask.
   */
  chooseSavePath?(o: SaveDialogRequest): Promise<string | null>;
  /**
   * Shows a file in the system's file manager, selected (Electron's shell.showItemInFolder).
   * Only ever given paths the engine made from a checked id (a capture's archive).
   */
  showInFolder?(path: string): void;
  /** Every event for the pages; returns the unsubscribe. */
  onEvent(listener: (e: ShellEvent) => void): () => void;
}

function text(value: unknown, field: string, max: number, issues: Issue[], required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    issues.push({ field, message: required ? 'must be a non-empty string' : 'must be a string' });
  } else if (value.length > max) {
    issues.push({ field, message: `is longer than ${max} characters` });
  } else {
    return value;
  }
  return undefined;
}

/** The notification as the page sent it, checked: a page is not trusted to send sane values. */
export function checkedNotification(params: unknown): DesktopNotification {
  const p = (params ?? {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  const title = text(p.title, 'notify.title', NOTIFICATION_LIMITS.title, issues, true);
  const body = text(p.body, 'notify.body', NOTIFICATION_LIMITS.body, issues, false);
  const stack = text(p.stack, 'notify.stack', NOTIFICATION_LIMITS.title, issues, false);
  if (issues.length) throw BranchyardError.invalid(issues);
  return { title: title!, body: body ?? '', ...(stack ? { stack } : {}) };
}

export function shellHandlers(shell: DesktopShell | undefined): {
  requests: Pick<RequestHandlers, 'notify'>;
  streams: Pick<StreamHandlers, 'shellEvents'>;
} {
  return {
    requests: {
      async notify(params) {
        const n = checkedNotification(params);
        if (!shell) throw new BranchyardError('invalid-input', 'this front end has no desktop shell: in the browser mode the page shows notifications itself');
        shell.notify(n);
        return null;
      },
    },
    streams: {
      shellEvents(_params, sink) {
        if (!shell) return;
        return { dispose: shell.onEvent((e) => sink.emit(e)) };
      },
    },
  };
}
