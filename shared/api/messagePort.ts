// The client end of a MessagePort transport: the Electron renderer's port to the engine's utility
// process (and Node's MessageChannel in tests). Messages are structured clones, so Uint8Array data and
// plain objects travel as they are, with no codec. No DOM or Node import: the port is described by
// the little this file uses of it, which both the web MessagePort and Node's provide.

import { portEnds } from './portEnds.ts';
import type { ClientPort, HostMessage } from './protocol.ts';

export interface MessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Fired when the other end goes (Node; Chromium since the MessagePort close event shipped). */
  addEventListener(type: 'close', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** With addEventListener (not onmessage) nothing is delivered before start(). */
  start(): void;
  close(): void;
}

export function messagePortClient(port: MessagePortLike): ClientPort {
  // Started once someone listens, so nothing the host sent early is dropped.
  const ends = portEnds<HostMessage>(() => port.start());
  const onMessage = (event: { data: unknown }) => ends.deliver(event.data as HostMessage);
  const gone = () => {
    port.removeEventListener('message', onMessage);
    ends.end();
  };
  port.addEventListener('message', onMessage);
  port.addEventListener('close', gone);
  return {
    send(message) {
      if (!ends.closed) port.postMessage(message);
    },
    onMessage: ends.onMessage,
    onClose: ends.onClose,
    close() {
      port.close();
      gone();
    },
  };
}
