// The browser-mode server: the UI's files (and log exports as downloads) over HTTP and the engine's
// contract over a WebSocket at `/api`, on 127.0.0.1 only, behind a random token (or the one `serve` kept from its last run, see
// serveState.ts). The token is returned (inside `url`) and never logged here: the command line
// prints the URL, and that is the only place it appears.

import { type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Handlers, Host } from '../api/host.ts';
import { type Gate, createGate, newToken } from './auth.ts';
import type { Downloads } from './downloads.ts';
import { answerRequest } from './httpRequests.ts';
import { securityHeaders } from './securityHeaders.ts';
import { handleUpgrade } from './upgrades.ts';
import { bridgeSocket } from './webSocketBridge.ts';

export interface ServerOptions {
  /** 0 or undefined: a random free port. */
  port?: number;
  /** The token to require (default: a new random one). */
  token?: string;
  handlers: Handlers;
  /** The bundled UI (index.html and its files); without it only the API is served. */
  staticDir?: string;
  /** Files sent as downloads under /downloads/ (capture archives: downloads.ts). */
  downloads?: Downloads;
  /** At most this many WebSocket connections at once (each holds an engine connection). */
  maxConnections?: number;
  /** A connection that has not been let in (no WebSocket yet) is closed after this long idle. */
  idleMs?: number;
}

export const MAX_CONNECTIONS = 64;
export const IDLE_MS = 10_000;

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** What is still open engine-side, summed over connections (tests: nothing outlives its viewer). */
  open(): { connections: number; streams: number; calls: number };
  /** Drops every connection (their streams end) and stops listening. */
  close(): Promise<void>;
}

/** The one address the server binds: never a public interface. */
export const LOOPBACK = '127.0.0.1';

/** Frames above this are refused by ws (close 1009): a terminal or log batch is far smaller. */
const MAX_PAYLOAD = 16 * 1024 * 1024;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  let gate: Gate | undefined;
  const hosts = new Set<Host>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });

  const server = createServer((req, res) => {
    if (!gate) {
      res.writeHead(503).end();
      return;
    }
    const g = gate;
    answerRequest(g, o.staticDir, req, res, { handlers: o.handlers, downloads: o.downloads }).catch(() => {
      if (!res.headersSent) res.writeHead(500, securityHeaders(g.port));
      res.end();
    });
  });
  const maxConnections = o.maxConnections ?? MAX_CONNECTIONS;
  const idleMs = o.idleMs ?? IDLE_MS;
  // Every TCP connection starts on a clock: one that sends nothing, or stays idle between
  // requests, is closed, so no one can hold sockets (and file descriptors) open for free. Only a
  // connection let in as a WebSocket (token, Origin and Host checked) may stay open and quiet.
  server.on('connection', (socket) => {
    socket.setTimeout(idleMs, () => socket.destroy());
  });
  server.on('upgrade', (req, socket, head) => {
    if (!gate) {
      socket.destroy();
      return;
    }
    handleUpgrade(gate, wss, req, socket, head, { open: hosts.size, max: maxConnections }, (ws) => {
      (socket as Socket).setTimeout(0);
      const host = bridgeSocket(ws, o.handlers);
      hosts.add(host);
      ws.once('close', () => hosts.delete(host));
    });
  });
  // A client that resets its connection mid-request must not take the server down.
  server.on('clientError', (_e, socket) => socket.destroy());

  const port = await listen(server, o.port ?? 0);
  gate = createGate(port, token);

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    open() {
      const sum = { connections: hosts.size, streams: 0, calls: 0 };
      for (const h of hosts) {
        sum.streams += h.open.streams;
        sum.calls += h.open.calls;
      }
      return sum;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const h of hosts) h.close();
      hosts.clear();
      wss.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
