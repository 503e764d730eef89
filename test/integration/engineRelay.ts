// A unix-socket relay to the engine's socket that a test can cut and restore, as an engine restart
// or a dropped ssh tunnel would, and that counts the connections carrying an /events request: how
// a test sees how many event streams the engine really serves to this process.

import { type Server, type Socket, connect, createServer } from 'node:net';

const ENGINE_SOCKET = '/var/run/docker.sock';
/** The start of an HTTP/1.1 request (Node's agent keeps connections alive: one carries several). */
const REQUEST_LINE = /(?:^|\r\n)(?:GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

interface Relayed {
  client: Socket;
  upstream: Socket;
  /** The path of the last request sent on this connection. */
  lastPath: string;
}

export interface EngineRelay {
  readonly socketPath: string;
  start(): Promise<void>;
  /** Drops every connection and stops listening. */
  stop(): Promise<void>;
  /** Connections open now whose request is to /events (a stream holds its connection). */
  eventStreams(): number;
  /** /events requests seen since the relay was made. */
  eventRequests(): number;
  /** Cuts only the /events connections, as an engine that drops the event stream does. */
  cutEventStreams(): void;
}

const isEvents = (path: string) => /^\/(?:v[\d.]+\/)?events(?:\?|$)/.test(path);

export function engineRelay(socketPath: string): EngineRelay {
  let server: Server | undefined;
  const open = new Set<Relayed>();
  let eventRequests = 0;
  return {
    socketPath,
    start: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(ENGINE_SOCKET);
          const r: Relayed = { client, upstream, lastPath: '' };
          open.add(r);
          const drop = () => {
            client.destroy();
            upstream.destroy();
            open.delete(r);
          };
          client.on('data', (chunk: Buffer) => {
            for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
              r.lastPath = m[1];
              if (isEvents(m[1])) eventRequests++;
            }
          });
          client.on('error', drop).on('close', drop).pipe(upstream);
          upstream.on('error', drop).on('close', drop).pipe(client);
        });
        server.listen(socketPath, resolve);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const r of open) {
          r.client.destroy();
          r.upstream.destroy();
        }
        open.clear();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
    eventStreams: () => [...open].filter((r) => isEvents(r.lastPath)).length,
    eventRequests: () => eventRequests,
    cutEventStreams() {
      for (const r of [...open]) {
        if (!isEvents(r.lastPath)) continue;
        r.client.destroy();
        r.upstream.destroy();
        open.delete(r);
      }
    },
  };
}
