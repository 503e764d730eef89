// How the UI reaches the engine: in Electron the preload has put a client on window.branchyard
// (IPC, typed by the contract, see bridgeClient.ts); in a browser the page opens a WebSocket to the server that served
// it, with the token from its own address, and opens it again with backoff when it drops. Views
// watch `client` in the store and subscribe again when it changes.

import { createClient } from '../../../shared/api/client.ts';
import type { ClientPort } from '../../../shared/api/protocol.ts';
import type { BridgedClient } from '../../../shared/api/ipc.ts';
import { connectWebSocket } from '../../../shared/api/webSocketPort.ts';
import { useApp } from '../store/appStore.ts';
import { clientFromBridge } from './bridgeClient.ts';
import { errorMessage } from './errorMessage.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (BRIDGE_KEY in shared/api/ipc.ts); absent in a browser. */
    branchyard?: BridgedClient;
  }
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/** ws(s)://host/api, with the token of the page's own address (the server also accepts its cookie). */
export function apiUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** The client's port, its close also reported to `lost` (a Port promises only one close listener). */
function reportingClose(port: ClientPort, lost: () => void): ClientPort {
  const closers: (() => void)[] = [];
  let closed = false;
  port.onClose?.(() => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
    lost();
  });
  return {
    send: (m) => port.send(m),
    onMessage: (receive) => port.onMessage(receive),
    onClose: (c) => void closers.push(c),
    close: () => port.close?.(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connectBrowser(): Promise<void> {
  const { setConnection } = useApp.getState();
  let delay = FIRST_RETRY_MS;
  for (;;) {
    try {
      const port = await connectWebSocket(apiUrl(window.location));
      const client = createClient(
        reportingClose(port, () => {
          useApp.getState().setConnection(null, { state: 'lost', message: 'the connection to the server was closed' });
          void connectBrowser();
        }),
      );
      setConnection(client, { state: 'open' });
      return;
    } catch (e) {
      setConnection(null, { state: 'lost', message: `${errorMessage(e)}; retrying in ${(delay / 1000).toFixed(1)} s` });
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

export function startConnection(): void {
  const bridge = window.branchyard;
  if (bridge) useApp.getState().setConnection(clientFromBridge(bridge), { state: 'open' });
  else void connectBrowser();
}
