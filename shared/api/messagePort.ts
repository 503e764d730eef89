// The client end of a MessagePort transport: the Electron renderer's port to the main process
// (and Node's MessageChannel in tests). Messages are structured clones, so Uint8Array data and
// plain objects travel as they are, with no codec. No DOM or Node import: the port is described by
// the little this file uses of it, which both the web MessagePort and Node's provide.

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
  let receive: ((m: HostMessage) => void) | undefined;
  let closers: (() => void)[] = [];
  let closed = false;
  let started = false;
  const onMessage = (event: { data: unknown }) => {
    if (!closed) receive?.(event.data as HostMessage);
  };
  const gone = () => {
    if (closed) return;
    closed = true;
    port.removeEventListener('message', onMessage);
    const run = closers;
    closers = [];
    for (const c of run) c();
  };
  port.addEventListener('message', onMessage);
  port.addEventListener('close', gone);
  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(r) {
      receive = r;
      // Started once someone listens, so nothing the host sent early is dropped.
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
