// The in-process transport: client and host in one Node process (command line, tests, bench).
// Messages are handed over as they are, a microtask later, so ordering and re-entrancy behave
// as over a real connection.

import { type BranchyardClient, createClient } from '../../../shared/api/client.ts';
import { portEnds } from '../../../shared/api/portEnds.ts';
import type { ClientMessage, ClientPort, HostMessage, HostPort } from '../../../shared/api/protocol.ts';
import { type Handlers, type Host, serveConnection } from './host.ts';

export interface Connection {
  client: BranchyardClient;
  host: Host;
}

export function connectInProcess(handlers: Handlers): Connection {
  // Each side's receiver and close listeners; closing either side ends both (host first).
  const toHost = portEnds<ClientMessage>();
  const toClient = portEnds<HostMessage>();
  const close = () => {
    toHost.end();
    toClient.end();
  };
  const clientPort: ClientPort = {
    send: (m) => queueMicrotask(() => !toClient.closed && toHost.deliver(m)),
    onMessage: toClient.onMessage,
    onClose: toClient.onClose,
    close,
  };
  const hostPort: HostPort = {
    send: (m) => queueMicrotask(() => !toHost.closed && toClient.deliver(m)),
    onMessage: toHost.onMessage,
    onClose: toHost.onClose,
    close,
  };
  const host = serveConnection(handlers, hostPort);
  return { client: createClient(clientPort), host };
}
