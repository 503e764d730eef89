// The host end of a MessagePort transport: one engine connection per port. In the app the port is
// Electron's MessagePortMain (the main process's end of the channel a window's preload made); this
// file names only the little it uses of it, so the engine never imports electron and tests drive
// it with Node's MessageChannel. Messages are structured clones: Uint8Array data travels as is.

import type { ClientMessage, HostPort } from '../../../shared/api/protocol.ts';
import { type Handlers, type Host, serveConnection } from './host.ts';

/** What MessagePortMain offers (Node-style events; a message event carries `data`). */
export interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  /** The other end is gone: closed, or its page unloaded or crashed. */
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  /** Messages are queued until start(). */
  start(): void;
  close(): void;
}

export function messagePortHost(port: MessagePortMainLike): HostPort {
  let receive: ((m: ClientMessage) => void) | undefined;
  let closers: (() => void)[] = [];
  let closed = false;
  let started = false;
  const gone = () => {
    if (closed) return;
    closed = true;
    const run = closers;
    closers = [];
    for (const c of run) c();
  };
  port.on('message', (event) => {
    if (closed) return;
    try {
      receive?.(event.data as ClientMessage);
    } catch {
      // The host validates what it reads; should it still throw, only this page's connection
      // pays (an exception here would otherwise reach the main process's top level).
      port.close();
      gone();
    }
  });
  port.on('close', gone);
  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(r) {
      receive = r;
      if (!started) {
        started = true;
        port.start();
      }
      return () => {
        if (receive === r) receive = undefined;
      };
    },
    /** Every listener is called, once. */
    onClose(c) {
      if (closed) queueMicrotask(c);
      else closers.push(c);
    },
    close() {
      port.close();
      gone();
    },
  };
}

export interface PortConnection {
  readonly host: Host;
  /** Closes the host (every stream and call of it ends) and the port. */
  close(): void;
  /** Called once the port is gone, whichever side closed it. */
  onClose(closed: () => void): void;
}

/** One engine host on one port: it closes when the port does, and closing it closes the port. */
export function serveMessagePort(handlers: Handlers, port: MessagePortMainLike): PortConnection {
  const hostPort = messagePortHost(port);
  const host = serveConnection(handlers, hostPort);
  return {
    host,
    close() {
      host.close();
      hostPort.close?.();
    },
    onClose: (c) => hostPort.onClose?.(c),
  };
}
