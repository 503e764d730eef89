// The Electron transport without Electron: Node's MessageChannel (the same structured clone as a
// window's MessagePort and MessagePortMain) between the renderer's client adapter
// (shared/api/messagePort.ts) and the main process's host adapter (messagePortHost.ts) with the
// real serveConnection. Also the window-message checks of the port handshake (shared/api/ipc.ts).

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import { createClient } from '../../shared/api/client.ts';
import { grantedPort, portGrant, portRequest, requestedNonce } from '../../shared/api/ipc.ts';
import { messagePortClient } from '../../shared/api/messagePort.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import type { Handlers } from '../../electron/engine/api/host.ts';
import { type PortConnection, serveMessagePort } from '../../electron/engine/api/messagePortHost.ts';
import { asMainPort, asWebPort } from '../nodePorts.ts';

const never = async (): Promise<never> => {
  throw new Error('not used');
};

function handlers(over: { requests?: Partial<Handlers['requests']>; streams?: Partial<Handlers['streams']> }): Handlers {
  const requests = new Proxy({} as Handlers['requests'], { get: (_t, k) => (over.requests as Record<string, unknown>)?.[k as string] ?? never });
  const streams = new Proxy({} as Handlers['streams'], { get: (_t, k) => (over.streams as Record<string, unknown>)?.[k as string] ?? never });
  return { requests, streams };
}

const open: { ports: NodeMessagePort[]; served: PortConnection[] } = { ports: [], served: [] };

/** A channel as the preload makes it: port1 to the main process (host), port2 to the page (client). */
function connect(h: Handlers) {
  const { port1, port2 } = new MessageChannel();
  open.ports.push(port1, port2);
  const served = serveMessagePort(h, asMainPort(port1));
  open.served.push(served);
  const client = createClient(messagePortClient(asWebPort(port2)));
  return { client, served, pagePort: port2 };
}

// A listening Node port keeps the process alive: close every one, whatever a test did.
afterEach(() => {
  for (const s of open.served.splice(0)) s.close();
  for (const p of open.ports.splice(0)) p.close();
});

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await tick(2);
  }
}

/** The promise's value, or a failure after `ms` (a transport that loses a message must not hang the suite). */
async function within<T>(p: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('MessagePort transport: requests', () => {
  it('answers a request', async () => {
    const { client } = connect(handlers({ requests: { listStacks: async () => [] } }));
    assert.deepEqual(await within(client.listStacks({}), 'the result'), []);
  });

  it('delivers progress before the result', async () => {
    const { client } = connect(
      handlers({
        requests: {
          build: async (_p, ctx) => {
            ctx.progress({ service: 'web', message: 'building' });
            ctx.progress({ service: 'web', message: 'tagged' });
            return [];
          },
        },
      }),
    );
    const seen: string[] = [];
    await within(client.build({ file: 'f' }, { onProgress: (e) => seen.push(`${e.service}:${e.message}`) }), 'the result');
    assert.deepEqual(seen, ['web:building', 'web:tagged']);
  });

  it('an error arrives as a BranchyardError with its kind and details', async () => {
    const { client } = connect(
      handlers({
        requests: {
          inspectStack: async ({ stack }) => {
            throw new BranchyardError('not-found', `no stack named '${stack}'`, { service: 'db', file: 'stack.yml', line: 3, col: 5 });
          },
        },
      }),
    );
    const err = await within(client.inspectStack({ stack: 'gone' }).catch((e: unknown) => e), 'the error');
    assert.ok(err instanceof BranchyardError, `got ${String(err)}`);
    assert.equal(err.kind, 'not-found');
    assert.equal(err.message, "no stack named 'gone'");
    assert.deepEqual(err.details, { service: 'db', file: 'stack.yml', line: 3, col: 5 });
  });

  it("aborting the call's signal cancels it engine-side", async () => {
    let handlerSignal: AbortSignal | undefined;
    const { client, served } = connect(
      handlers({
        requests: {
          up: (_p, ctx) => {
            handlerSignal = ctx.signal;
            return new Promise((_resolve, reject) => {
              ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
            });
          },
        },
      }),
    );
    const abort = new AbortController();
    const pending = client.up({ file: 'f' }, { signal: abort.signal });
    await eventually(() => handlerSignal !== undefined, 'the handler to start');
    assert.equal(served.host.open.calls, 1);
    abort.abort();
    const err = await within(pending.catch((e: unknown) => e), 'the cancelled call to fail');
    assert.equal(handlerSignal?.aborted, true, "the handler's signal fired");
    assert.ok(err instanceof BranchyardError);
    assert.equal(err.name, 'AbortError');
    assert.equal(served.host.open.calls, 0);
  });
});

describe('MessagePort transport: streams', () => {
  it('a Uint8Array stream event arrives as a Uint8Array, bytes intact', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0xe2, 0x82, 0xac]);
    const { client } = connect(
      handlers({
        streams: {
          terminal: (_p, sink) => {
            sink.emit({ type: 'started', session: 's1', command: ['sh'], container: 'c1' });
            sink.emit({ type: 'data', data: bytes });
            sink.end();
          },
        },
      }),
    );
    const got: unknown[] = [];
    const sub = client.subscribe('terminal', { stack: 's', service: 'web', cols: 80, rows: 24 }, { next: (e) => e.type === 'data' && got.push(e.data) });
    await within(sub.ended, 'the stream to end');
    assert.equal(got.length, 1);
    assert.ok(got[0] instanceof Uint8Array, `a ${Object.prototype.toString.call(got[0])}`);
    assert.deepEqual([...(got[0] as Uint8Array)], [...bytes]);
  });

  it("closing the page's port disposes its streams and cancels its calls engine-side", async () => {
    let disposed = 0;
    let streamSignal: AbortSignal | undefined;
    let callSignal: AbortSignal | undefined;
    const { client, served, pagePort } = connect(
      handlers({
        streams: {
          logs: (_p, sink) => {
            streamSignal = sink.signal;
            sink.emit({ type: 'line', service: 'web', stream: 'stdout', ts: 't', text: 'hello' });
            return { dispose: () => void disposed++ };
          },
        },
        requests: {
          listStacks: (_p, ctx) => {
            callSignal = ctx.signal;
            return new Promise(() => {});
          },
        },
      }),
    );
    const lines: string[] = [];
    const errors: string[] = [];
    client.subscribe('logs', { source: { kind: 'live', stack: 's' } }, { next: (e) => e.type === 'line' && lines.push(e.text), error: (e) => errors.push(e.kind) });
    const failed = client.listStacks({}).catch((e: unknown) => e);
    await eventually(() => lines.length === 1 && callSignal !== undefined, 'the first line and the call');
    assert.deepEqual(served.host.open, { streams: 1, calls: 1 });
    // As when the window closes or reloads: the page's end of the channel goes away.
    pagePort.close();
    await eventually(() => disposed === 1, 'the source to be disposed');
    assert.equal(streamSignal?.aborted, true);
    assert.equal(callSignal?.aborted, true);
    assert.deepEqual(served.host.open, { streams: 0, calls: 0 });
    // The client learns it too (the port's close event): its call fails, its stream errors.
    assert.equal(((await within(failed, 'the call to fail')) as BranchyardError).kind, 'engine-unreachable');
    assert.deepEqual(errors, ['engine-unreachable']);
  });

  it('client.close() ends the host, and closing the host ends the client', async () => {
    let disposed = 0;
    const a = connect(handlers({ streams: { stacks: () => ({ dispose: () => void disposed++ }) } }));
    a.client.subscribe('stacks', {}, { next: () => {} });
    await eventually(() => a.served.host.open.streams === 1, 'the stream to open');
    a.client.close();
    await eventually(() => disposed === 1, 'the host to dispose the stream');

    const b = connect(handlers({ requests: { listStacks: () => new Promise(() => {}) } }));
    const failed = b.client.listStacks({}).catch((e: unknown) => e);
    await eventually(() => b.served.host.open.calls === 1, 'the call to start');
    b.served.close();
    assert.equal(((await within(failed, 'the call to fail')) as BranchyardError).kind, 'engine-unreachable');
  });
});

describe('port handshake: window messages', () => {
  // What a MessageEvent carries: `source` is the posting window, `origin` its origin.
  const self = { origin: 'file://' };
  const frame = { origin: 'file://' };
  const port = { name: 'port' };

  it('the preload answers only a request this window posted to itself', () => {
    const request = portRequest('n1');
    assert.equal(requestedNonce({ data: request, origin: 'file://', source: self, ports: [] }, self), 'n1');
    assert.equal(requestedNonce({ data: request, origin: 'file://', source: frame, ports: [] }, self), undefined, 'from a subframe');
    assert.equal(requestedNonce({ data: request, origin: 'https://evil.example', source: self, ports: [] }, self), undefined, 'another origin');
    assert.equal(requestedNonce({ data: portGrant('n1'), origin: 'file://', source: self, ports: [] }, self), undefined, 'its own grant');
    assert.equal(requestedNonce({ data: portRequest(''), origin: 'file://', source: self, ports: [] }, self), undefined, 'no nonce');
    assert.equal(requestedNonce({ data: 'branchyard:port-request', origin: 'file://', source: self, ports: [] }, self), undefined);
  });

  it('the page takes only the port granted for its own nonce, from itself', () => {
    const grant = portGrant('n1');
    assert.equal(grantedPort({ data: grant, origin: 'file://', source: self, ports: [port] }, self, 'n1'), port);
    assert.equal(grantedPort({ data: grant, origin: 'file://', source: frame, ports: [port] }, self, 'n1'), undefined, 'a subframe offering a port');
    assert.equal(grantedPort({ data: grant, origin: 'file://', source: self, ports: [port] }, self, 'n2'), undefined, 'another request');
    assert.equal(grantedPort({ data: grant, origin: 'file://', source: self, ports: [] }, self, 'n1'), undefined, 'no port');
    assert.equal(grantedPort({ data: grant, origin: 'file://', source: self, ports: [port, port] }, self, 'n1'), undefined, 'two ports');
    assert.equal(grantedPort({ data: portRequest('n1'), origin: 'file://', source: self, ports: [port] }, self, 'n1'), undefined, 'a request');
  });
});
