// The in-process transport: client and host in one Node process (command line, tests, bench).
// Messages are handed over as they are, a microtask later, so ordering and re-entrancy behave
// as over a real connection.

import { type BranchyardClient, createClient } from '../../../shared/api/client.ts';
import type { ClientMessage, ClientPort, HostMessage, HostPort } from '../../../shared/api/protocol.ts';
import { type Handlers, type Host, serveConnection } from './host.ts';

export interface Connection {
  client: BranchyardClient;
  host: Host;
}

export function connectInProcess(handlers: Handlers): Connection {
  let toHost: ((m: ClientMessage) => void) | undefined;
  let toClient: ((m: HostMessage) => void) | undefined;
  const closers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
  };
  const clientPort: ClientPort = {
    send: (m) => queueMicrotask(() => !closed && toHost?.(m)),
    onMessage: (r) => ((toClient = r), () => (toClient = undefined)),
    onClose: (c) => closers.push(c),
    close,
  };
  const hostPort: HostPort = {
    send: (m) => queueMicrotask(() => !closed && toClient?.(m)),
    onMessage: (r) => ((toHost = r), () => (toHost = undefined)),
    onClose: (c) => closers.push(c),
    close,
  };
  const host = serveConnection(handlers, hostPort);
  return { client: createClient(clientPort), host };
}
