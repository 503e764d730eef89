// A Docker engine that can be switched off and on for one test, without touching the engine the
// other tests share: a unix socket at a path of the test's own that forwards every connection to
// the real engine's socket. Closed, it drops every connection and the socket file goes: to the
// client behind DOCKER_HOST, exactly an engine that is not there.

import { type Server, type Socket, connect, createServer } from 'node:net';

export interface EngineProxy {
  close(): Promise<void>;
}

export async function startEngineProxy(path: string, target = '/var/run/docker.sock'): Promise<EngineProxy> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const engine = connect(target);
    for (const s of [client, engine]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        engine.destroy();
      });
    }
    client.pipe(engine).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
