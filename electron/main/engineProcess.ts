// The engine in a process of its own, seen from the main process. The app's main process only
// makes windows and brokers ports: the engine (Docker calls, log merges, exec sessions, captures)
// runs in an Electron utility process (electron/utility/engineProcess.ts), so a busy or crashed
// engine never freezes a window or takes the app down. Each page's MessagePort is handed on to
// that process (parentPortHost.ts serves it), and the page then talks to the engine directly.
//
// When the engine process dies, every port it held dies with it: those pages see their port
// close and ask for a new one (renderer/src/api/connection.ts reconnects), and the process is
// started again with backoff (quick again once one has run for a while). A page that asks while
// there is none waits: its port is handed over as soon as the next one starts.
//
// Nothing here imports electron: `fork` makes the process (utilityProcess.fork in the app, a
// worker thread in the tests), whose ports have the same API.

import { type PortEnds, portEnds } from '../../shared/api/portEnds.ts';
import type { DesktopNotification, SaveDialogRequest, ShellEvent } from '../../shared/api/shell.ts';
import type { FromEngine, ToEngine } from '../engine/api/parentPortHost.ts';

/** What Electron's UtilityProcess offers (and a worker thread, with a small adapter). */
export interface EngineChild<P> {
  postMessage(message: ToEngine, transfer?: P[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): unknown;
}

export interface EngineProcessOptions<P> {
  fork(): EngineChild<P>;
  /** Closes a port that will not be served (the app is quitting). */
  closePort(port: P): void;
  /** The engine process ended; the next one starts in `restartInMs` (undefined: the app is quitting). */
  exited?(code: number, restartInMs: number | undefined): void;
  /** A page asked for a desktop notification (through the engine's `notify`). */
  notify?(n: DesktopNotification): void;
  /** A page's export asks where to save (through the engine's `saveLogs`): the path, or null. */
  chooseSavePath?(request: SaveDialogRequest): Promise<string | null>;
  /** A page asked to see a capture's archive in its folder (the engine checked the path). */
  showInFolder?(path: string): void;
}

/** One page's connection to the engine process. */
export interface EngineLink {
  /** Ends the page's host in the engine process (every stream and call of it). */
  close(): void;
  /** Called once the link is over: closed here, by the page, or with the engine process. */
  onClose(closed: () => void): void;
}

export interface EngineProcess<P> {
  connect(port: P): EngineLink;
  /** Ends every link and stops the engine process for good. */
  close(): void;
  /** Passes a shell event (a clicked notification, a menu item) to the pages; dropped while no engine process runs. */
  shellEvent(e: ShellEvent): void;
  /** Engine processes started so far. */
  readonly starts: number;
}

const RESTART_MS = [250, 500, 1000, 2000, 5000];
/** An engine process that ran this long was not crash-looping: the next restart is quick again. */
const STABLE_MS = 10_000;

interface Link {
  id: number;
  /** The page's port until it is handed to an engine process. */
  port?: unknown;
  ends: PortEnds<never>;
}

export function superviseEngine<P>(o: EngineProcessOptions<P>): EngineProcess<P> {
  const links = new Map<number, Link>();
  let nextId = 1;
  let child: EngineChild<P> | undefined;
  let startedAt = 0;
  let failures = 0;
  let restart: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let starts = 0;

  function endLink(l: Link): void {
    if (!links.delete(l.id)) return;
    if (l.port !== undefined) o.closePort(l.port as P);
    l.port = undefined;
    l.ends.end();
  }

  function handOver(l: Link): void {
    if (!child || l.port === undefined) return;
    const port = l.port as P;
    l.port = undefined;
    child.postMessage({ t: 'connect', id: l.id }, [port]);
  }

  function start(): void {
    restart = undefined;
    if (closed) return;
    starts++;
    startedAt = Date.now();
    const c = o.fork();
    child = c;
    c.on('message', (m: unknown) => {
      const msg = m as FromEngine | null;
      if (child !== c || !msg) return;
      if (msg.t === 'notify') return o.notify?.(msg.notification);
      if (msg.t === 'save-dialog') {
        const answer = (path: string | null) => {
          if (child === c) c.postMessage({ t: 'save-dialog-result', id: msg.id, path });
        };
        if (!o.chooseSavePath) return answer(null);
        void o.chooseSavePath(msg.request).then(answer, () => answer(null));
        return;
      }
      if (msg.t === 'show-in-folder') return typeof msg.path === 'string' ? o.showInFolder?.(msg.path) : undefined;
      if (msg.t !== 'closed') return;
      const l = links.get(msg.id);
      if (l) endLink(l);
    });
    c.on('exit', (code: number) => {
      if (child !== c) return;
      child = undefined;
      // Its ports died with it: those pages see theirs close and ask again.
      for (const l of [...links.values()]) if (l.port === undefined) endLink(l);
      if (closed) return o.exited?.(code, undefined);
      if (Date.now() - startedAt >= STABLE_MS) failures = 0;
      const ms = RESTART_MS[Math.min(failures++, RESTART_MS.length - 1)];
      o.exited?.(code, ms);
      restart = setTimeout(start, ms);
    });
    // Pages that asked while there was no engine process.
    for (const l of links.values()) handOver(l);
  }

  start();

  return {
    connect(port) {
      const l: Link = { id: nextId++, port, ends: portEnds<never>() };
      const link: EngineLink = {
        close() {
          if (!links.has(l.id)) return;
          if (l.port === undefined) child?.postMessage({ t: 'disconnect', id: l.id });
          endLink(l);
        },
        onClose: (c) => l.ends.onClose(c),
      };
      if (closed) {
        o.closePort(port);
        l.ends.end();
        return link;
      }
      links.set(l.id, l);
      handOver(l);
      return link;
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(restart);
      for (const l of [...links.values()]) endLink(l);
      child?.kill();
    },
    shellEvent(e) {
      child?.postMessage({ t: 'shell-event', event: e });
    },
    get starts() {
      return starts;
    },
  };
}
