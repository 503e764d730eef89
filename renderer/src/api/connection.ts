// How the UI reaches the engine, with the same typed client in both shells. In Electron the page
// asks its preload for a MessagePort to the engine (electronPort.ts; the main process hands it to
// the engine's utility process); in a browser it opens a WebSocket to the server that served it,
// with the token from its own address. Either way it connects again with backoff when the
// transport drops (in the app also when the engine process died and was started again). Views watch `client` in the store and
// subscribe again when it changes.

import { createClient } from '../../../shared/api/client.ts';
import { messagePortClient } from '../../../shared/api/messagePort.ts';
import type { ClientPort } from '../../../shared/api/protocol.ts';
import { connectWebSocket } from '../../../shared/api/webSocketPort.ts';
import { type Said, said } from '../i18n/said.ts';
import { translator } from '../i18n/translate.ts';
import { useApp } from '../store/appStore.ts';
import { requestEnginePort } from './electronPort.ts';
import { saidError } from './errorMessage.ts';

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

/** What to tell the user when opening failed. */
interface Failure {
  state: 'lost' | 'refused';
  message: Said;
}

interface Transport {
  open(): Promise<ClientPort>;
  /** Said when an open transport drops (in the language shown then). */
  closed: Said;
  /** Why `open` failed, as far as the transport can find out. */
  diagnose(e: unknown): Promise<Failure>;
}


/**
 * A browser says nothing about why a WebSocket handshake failed, so the page asks the server
 * plainly: a 401 for its own page means the cookie's token is no longer the server's.
 */
async function diagnoseServer(e: unknown): Promise<Failure> {
  try {
    const answer = await fetch('/', { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
    if (answer.status === 401) return { state: 'refused', message: said('api', 'newToken') };
    return { state: 'lost', message: saidError(e) };
  } catch {
    return { state: 'lost', message: said('api', 'serverNotAnswering', { host: window.location.host }) };
  }
}

/** The Electron window loads the bundled page from a file; the browser mode serves it over http. */
export const inDesktopApp = window.location.protocol === 'file:';

const transport: Transport =
  inDesktopApp
    ? {
        open: async () => messagePortClient(await requestEnginePort()),
        closed: said('api', 'appClosed'),
        diagnose: async (e) => ({ state: 'lost', message: saidError(e) }),
      }
    : { open: () => connectWebSocket(apiUrl(window.location)), closed: said('api', 'serverClosed'), diagnose: diagnoseServer };

/**
 * A connection that drops sooner than this after opening is retried with backoff, not at once,
 * so a transport that accepts and then closes at once (a port the app refuses) is not a busy loop.
 */
const STABLE_MS = 2000;

async function connect(firstDelay = FIRST_RETRY_MS, wait = 0): Promise<void> {
  const { setConnection } = useApp.getState();
  if (wait > 0) await sleep(wait);
  let delay = firstDelay;
  for (;;) {
    try {
      const port = await transport.open();
      const opened = performance.now();
      const client = createClient(
        reportingClose(port, () => {
          useApp.getState().setConnection(null, { state: 'lost', message: transport.closed });
          if (performance.now() - opened < STABLE_MS) void connect(Math.min(delay * 2, MAX_RETRY_MS), delay);
          else void connect();
        }),
      );
      setConnection(client, { state: 'open' });
      return;
    } catch (e) {
      const failure = await transport.diagnose(e);
      // A refused page retries at the slowest pace: only a new cookie (another tab) can help.
      if (failure.state === 'refused') delay = MAX_RETRY_MS;
      const seconds = (delay / 1000).toFixed(1);
      const message: Said = failure.state === 'lost' ? (lang) => translator(lang, 'api')('retrying', { reason: failure.message(lang), seconds }) : failure.message;
      setConnection(null, { state: failure.state, message });
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

export function startConnection(): void {
  void connect();
}
