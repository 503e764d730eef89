// The host end of a MessagePort transport: one engine connection per port. In the app the port is
// Electron's MessagePortMain (the engine process's end of the channel a window's preload made,
// handed on by the main process: parentPortHost.ts); this
// file names only the little it uses of it, so the engine never imports electron and tests drive
// it with Node's MessageChannel. Messages are structured clones: Uint8Array data travels as is.

import { portEnds } from '../../../shared/api/portEnds.ts';
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
  const ends = portEnds<ClientMessage>(() => port.start());
  port.on('message', (event) => {
    try {
      ends.deliver(event.data as ClientMessage);
    } catch {
      // The host validates what it reads; should it still throw, only this page's connection
      // pays (an exception here would otherwise reach the engine process's top level).
      port.close();
      ends.end();
    }
  });
  port.on('close', () => ends.end());
  return {
    send(message) {
      if (!ends.closed) port.postMessage(message);
    },
    onMessage: ends.onMessage,
    onClose: ends.onClose,
    close() {
      port.close();
      ends.end();
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
