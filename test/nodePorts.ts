// Node's worker_threads ports as the port shapes the transports name, for tests that play the
// Electron transport without Electron: Node's MessagePort has the same structured clone, the same
// queue-until-start and the same 'close' when the other end goes as a window's MessagePort and
// Electron's MessagePortMain.

import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { MessagePortLike } from '../shared/api/messagePort.ts';
import type { MessagePortMainLike } from '../electron/engine/api/messagePortHost.ts';

/**
 * A web MessagePort (the page's end): Node's is one at runtime (addEventListener hands a
 * MessageEvent with `data`); @types/node only types its listeners as taking a plain Event.
 */
export const asWebPort = (p: NodeMessagePort): MessagePortLike => p as unknown as MessagePortLike;

/**
 * MessagePortMain's shape over a Node port: its 'message' listeners get a MessageEvent ({ data }),
 * as addEventListener gives them here (Node's own `on('message')` would hand the bare value).
 */
export function asMainPort(p: NodeMessagePort): MessagePortMainLike {
  return {
    on(event: 'message' | 'close', listener: (e: { data: unknown }) => void) {
      if (event === 'message') p.addEventListener('message', (e) => listener(e as unknown as { data: unknown }));
      else p.on('close', () => (listener as () => void)());
      return this;
    },
    postMessage: (m) => p.postMessage(m),
    start: () => p.start(),
    close: () => p.close(),
  };
}
