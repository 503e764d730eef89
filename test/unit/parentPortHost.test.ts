// The engine process's end of the main process's parent port: one host per `connect`ed port,
// `disconnect` ends it, `closed` tells the main process a page went, and a message of any other
// shape opens nothing (its ports are closed). Node's MessageChannel plays the ports.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { createClient } from '../../shared/api/client.ts';
import { messagePortClient } from '../../shared/api/messagePort.ts';
import type { Handlers } from '../../electron/engine/api/host.ts';
import { type FromEngine, type ParentPortLike, type ParentPortServer, serveParentPort } from '../../electron/engine/api/parentPortHost.ts';
import { asMainPort, asWebPort } from '../nodePorts.ts';

const handlers = {
  requests: new Proxy({}, { get: () => async () => ['answered'] }),
  streams: new Proxy({}, { get: () => () => {} }),
} as unknown as Handlers;

/** The parent port as the main process drives it: deliver() is a message from main. */
function parentPort() {
  let listener: ((e: { data: unknown; ports: ReturnType<typeof asMainPort>[] }) => void) | undefined;
  const sent: FromEngine[] = [];
  const port: ParentPortLike = {
    on: (_event, l) => void (listener = l),
    postMessage: (m) => void sent.push(m),
  };
  return { port, sent, deliver: (data: unknown, ports: NodeMessagePort[] = []) => listener?.({ data, ports: ports.map(asMainPort) }) };
}

const opened: { ports: NodeMessagePort[]; servers: ParentPortServer[] } = { ports: [], servers: [] };
afterEach(() => {
  for (const s of opened.servers.splice(0)) s.close();
  for (const p of opened.ports.splice(0)) p.close();
});

function channel() {
  const c = new MessageChannel();
  opened.ports.push(c.port1, c.port2);
  return c;
}

/** A port's close; listening keeps the port (and so the event loop) alive until it comes. */
const closeOf = (p: NodeMessagePort) =>
  new Promise<void>((r) => {
    p.on('message', () => {});
    p.once('close', () => r());
  });
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('serveParentPort', () => {
  it('serves each connected port, ends it on disconnect, and says when a page closed its own', async () => {
    const parent = parentPort();
    const server = serveParentPort(handlers, parent.port);
    opened.servers.push(server);
    const a = channel();
    const b = channel();
    parent.deliver({ t: 'connect', id: 1 }, [a.port1]);
    parent.deliver({ t: 'connect', id: 2 }, [b.port1]);
    const client = createClient(messagePortClient(asWebPort(a.port2)));
    assert.deepEqual(await client.listStacks({}), ['answered']);
    assert.equal(server.open, 2);

    const aClosed = closeOf(a.port2);
    parent.deliver({ t: 'disconnect', id: 1 });
    await aClosed;
    assert.equal(server.open, 1);
    assert.deepEqual(parent.sent, [], 'the main process asked: nothing to tell it');

    b.port2.close();
    await tick();
    assert.equal(server.open, 0);
    assert.deepEqual(parent.sent, [{ t: 'closed', id: 2 }]);
  });

  it('a message of another shape opens nothing and closes the ports it carried', async () => {
    const parent = parentPort();
    const server = serveParentPort(handlers, parent.port);
    opened.servers.push(server);
    const bad: [unknown, number][] = [
      [{ t: 'connect', id: 'x' }, 1],
      [{ t: 'connect', id: 3 }, 2],
      [{ t: 'connect', id: 4 }, 0],
      [{ t: 'disconnect', id: 5 }, 1],
      [{ t: 'open', id: 6 }, 1],
      [null, 1],
    ];
    for (const [data, n] of bad) {
      const ports = Array.from({ length: n }, () => channel());
      const closed = Promise.all(ports.map((c) => closeOf(c.port2)));
      parent.deliver(data, ports.map((c) => c.port1));
      await closed;
    }
    assert.equal(server.open, 0);
  });
});

describe('the desktop shell across the parent port', () => {
  it('a notification goes to the main process; shell events from it reach every listener', async () => {
    const { parentPortShell } = await import('../../electron/engine/api/parentPortHost.ts');
    const parent = parentPort();
    const shell = parentPortShell(parent.port);
    opened.servers.push(serveParentPort(handlers, parent.port, { shellEvent: shell.deliver }));
    shell.notify({ title: 'shop-main is ready', body: '2 services', stack: 'shop-main' });
    assert.deepEqual(parent.sent, [{ t: 'notify', notification: { title: 'shop-main is ready', body: '2 services', stack: 'shop-main' } }]);
    const seen: unknown[] = [];
    const stop = shell.onEvent((e) => seen.push(e));
    parent.deliver({ t: 'shell-event', event: { type: 'open-stack', stack: 'shop-main' } });
    parent.deliver({ t: 'shell-event', event: null }); // malformed: ignored
    stop();
    parent.deliver({ t: 'shell-event', event: { type: 'show-view', view: 'captures' } });
    assert.deepEqual(seen, [{ type: 'open-stack', stack: 'shop-main' }]);
  });

  it('a shell event carrying ports is refused and its ports closed', async () => {
    const parent = parentPort();
    let delivered = 0;
    opened.servers.push(serveParentPort(handlers, parent.port, { shellEvent: () => delivered++ }));
    const c = channel();
    const closed = closeOf(c.port2);
    parent.deliver({ t: 'shell-event', event: { type: 'new-environment' } }, [c.port1]);
    await closed;
    assert.equal(delivered, 0);
  });
});
