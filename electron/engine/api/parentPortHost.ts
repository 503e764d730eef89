// The engine's end when it runs in a process of its own (the app's utility process): the main
// process hands it one MessagePort per page over the parent port (`connect`), and each port gets
// one engine host (messagePortHost.ts) for as long as that page lives. The page and the engine
// then talk directly, port to port; the main process only brokers. It can end a page's host
// (`disconnect`: the window navigated, crashed or closed, whose port's own close may come late),
// and hears `closed` when a host ended on this side (its page closed the port).
//
// Like messagePortHost.ts this names only the little it uses of Electron's parent port
// (`process.parentPort` in a utility process), so the engine never imports electron and tests run
// it in a worker thread, whose ports have the same shape.

import type { DesktopNotification, SaveDialogRequest, ShellEvent } from '../../../shared/api/shell.ts';
import type { DesktopShell } from '../shell/shellApi.ts';
import type { Handlers } from './host.ts';
import { type MessagePortMainLike, type PortConnection, serveMessagePort } from './messagePortHost.ts';

/**
 * Main process to engine process. `connect` carries the page's port, `disconnect` none;
 * `shell-event` is what the desktop shell asks of the pages (a clicked notification, a menu item);
 * `save-dialog-result` answers a `save-dialog` (the path chosen, or null when cancelled).
 */
export type ToEngine =
  | { t: 'connect'; id: number }
  | { t: 'disconnect'; id: number }
  | { t: 'shell-event'; event: ShellEvent }
  | { t: 'save-dialog-result'; id: number; path: string | null };
/**
 * Engine process to main process: the host of page `id` has ended; or a page asked for a desktop
 * notification, a Save dialog, or to see a file in its folder, which only the main process can do.
 */
export type FromEngine =
  | { t: 'closed'; id: number }
  | { t: 'notify'; notification: DesktopNotification }
  | { t: 'save-dialog'; id: number; request: SaveDialogRequest }
  /** Show a file (a capture's archive, its path made by the engine from a checked id) in its folder. */
  | { t: 'show-in-folder'; path: string };

/** What Electron's ParentPort offers: a message event carries `data` and the transferred `ports`. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: readonly MessagePortMainLike[] }) => void): unknown;
  postMessage(message: FromEngine): void;
}

export interface ParentPortServer {
  /** Hosts open now, one per page. */
  readonly open: number;
  /** Ends every page's host. */
  close(): void;
}

function isToEngine(m: unknown): m is ToEngine {
  const x = m as ToEngine | null;
  if (typeof x !== 'object' || x === null) return false;
  if (x.t === 'shell-event') return typeof x.event === 'object' && x.event !== null;
  if (x.t === 'save-dialog-result') return Number.isSafeInteger(x.id) && (x.path === null || typeof x.path === 'string');
  return (x.t === 'connect' || x.t === 'disconnect') && Number.isSafeInteger(x.id);
}

/**
 * The desktop shell as the engine process sees it: notifications go to the main process, which
 * shows them; the shell's events come from there (serveParentPort delivers them).
 */
export function parentPortShell(parent: ParentPortLike): DesktopShell & { deliver(e: ShellEvent): void; saveDialogDone(id: number, path: string | null): void } {
  const listeners = new Set<(e: ShellEvent) => void>();
  const dialogs = new Map<number, (path: string | null) => void>();
  let nextDialog = 1;
  return {
    notify: (notification) => parent.postMessage({ t: 'notify', notification }),
    chooseSavePath(request) {
      const id = nextDialog++;
      return new Promise((resolve) => {
        dialogs.set(id, resolve);
        parent.postMessage({ t: 'save-dialog', id, request });
      });
    },
    saveDialogDone(id, path) {
      const done = dialogs.get(id);
      dialogs.delete(id);
      done?.(path);
    },
    showInFolder: (path) => parent.postMessage({ t: 'show-in-folder', path }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deliver(e) {
      for (const l of listeners) l(e);
    },
  };
}

export interface ParentPortOptions {
  /** A shell event from the main process (parentPortShell's `deliver`). */
  shellEvent?(e: ShellEvent): void;
  /** The answer of a Save dialog (parentPortShell's `saveDialogDone`). */
  saveDialogResult?(id: number, path: string | null): void;
}

export function serveParentPort(handlers: Handlers, parent: ParentPortLike, o: ParentPortOptions = {}): ParentPortServer {
  const pages = new Map<number, PortConnection>();

  function end(id: number): void {
    const c = pages.get(id);
    if (!c) return;
    pages.delete(id);
    c.close();
  }

  parent.on('message', ({ data, ports }) => {
    // Only the main process writes here; still, a message of another shape opens nothing.
    if (!isToEngine(data) || (data.t === 'connect' ? ports.length !== 1 : ports.length !== 0)) {
      for (const p of ports) p.close();
      return;
    }
    if (data.t === 'shell-event') return o.shellEvent?.(data.event);
    if (data.t === 'save-dialog-result') return o.saveDialogResult?.(data.id, data.path);
    if (data.t === 'disconnect') return end(data.id);
    end(data.id); // an id is never reused; if it were, the newer port wins
    const served = serveMessagePort(handlers, ports[0]);
    pages.set(data.id, served);
    served.onClose(() => {
      if (pages.get(data.id) !== served) return;
      pages.delete(data.id);
      parent.postMessage({ t: 'closed', id: data.id });
    });
  });

  return {
    get open() {
      return pages.size;
    },
    close() {
      for (const id of [...pages.keys()]) end(id);
    },
  };
}
