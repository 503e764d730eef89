// The contract's machinery without an engine: requests, errors, progress, cancel, stream
// batching, flow control and disposal, through the same client and host every transport uses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createClient } from '../../shared/api/client.ts';
import type { ClientMessage, ClientPort, HostMessage, HostPort } from '../../shared/api/protocol.ts';
import { type Handlers, type StreamSink, serveConnection } from '../../electron/engine/api/host.ts';
import type { TerminalEvent } from '../../shared/api/terminal.ts';

/** Linked ports that record every host message, so tests can count batches. */
function link(handlers: Handlers) {
  const sent: HostMessage[] = [];
  let toHost: ((m: ClientMessage) => void) | undefined;
  let toClient: ((m: HostMessage) => void) | undefined;
  const closers: (() => void)[] = [];
  const close = () => closers.splice(0).forEach((c) => c());
  const clientPort: ClientPort = {
    send: (m) => queueMicrotask(() => toHost?.(m)),
    onMessage: (r) => ((toClient = r), () => (toClient = undefined)),
    onClose: (c) => closers.push(c),
    close,
  };
  const hostPort: HostPort = {
    send: (m) => {
      sent.push(m);
      queueMicrotask(() => toClient?.(m));
    },
    onMessage: (r) => ((toHost = r), () => (toHost = undefined)),
    onClose: (c) => closers.push(c),
  };
  const host = serveConnection(handlers, hostPort);
  return { client: createClient(clientPort), host, sent, drop: close };
}

const never = async (): Promise<never> => {
  throw new Error('not used');
};

function handlers(over: { requests?: Partial<Handlers['requests']>; streams?: Partial<Handlers['streams']> }): Handlers {
  const requests = new Proxy({} as Handlers['requests'], { get: (_t, k) => (over.requests as Record<string, unknown>)?.[k as string] ?? never });
  const streams = new Proxy({} as Handlers['streams'], { get: (_t, k) => (over.streams as Record<string, unknown>)?.[k as string] ?? never });
  return { requests, streams };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('contract: requests', () => {
  it('returns results and rebuilds BranchyardErrors with kind and details', async () => {
    const { client } = link(
      handlers({
        requests: {
          inspectStack: async ({ stack }) => {
            if (stack === 'gone') throw new BranchyardError('not-found', `no stack named '${stack}'`, { service: 'db', line: 3 });
            return null;
          },
        },
      }),
    );
    assert.equal(await client.inspectStack({ stack: 'x' }), null);
    const err = await client.inspectStack({ stack: 'gone' }).catch((e) => e);
    assert.ok(err instanceof BranchyardError);
    assert.equal(err.kind, 'not-found');
    assert.equal(err.message, "no stack named 'gone'");
    assert.deepEqual(err.details, { service: 'db', line: 3 });
  });

  it('refuses a request name outside the contract', async () => {
    const err = await new Promise<HostMessage>((resolve) => {
      // Speak the protocol directly, as a hostile page could.
      const port: HostPort = { send: resolve, onMessage: (r) => (queueMicrotask(() => r({ t: 'call', id: 1, method: 'constructor', params: {} })), () => {}) };
      serveConnection(handlers({}), port);
    });
    assert.equal(err.t, 'error');
    assert.match((err as { error: { message: string } }).error.message, /unknown request 'constructor'/);
  });

  it('delivers progress to the caller and cancels through the signal', async () => {
    let seen: AbortSignal | undefined;
    const { client } = link(
      handlers({
        requests: {
          up: async (_p, ctx) => {
            seen = ctx.signal;
            ctx.progress({ service: 'web', message: 'building' });
            await new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('x'), { name: 'AbortError' }))));
            throw new Error('unreachable');
          },
        },
      }),
    );
    const progress: string[] = [];
    const abort = new AbortController();
    const pending = client.up({ file: 'f' }, { signal: abort.signal, onProgress: (e) => progress.push(`${e.service}:${e.message}`) });
    await tick(5);
    abort.abort();
    const err = await pending.catch((e) => e);
    assert.equal(err.name, 'AbortError');
    assert.equal(seen?.aborted, true);
    assert.deepEqual(progress, ['web:building']);
  });
});

describe('contract: streams', () => {
  it('batches many small events into few messages, in order', async () => {
    const { client, sent } = link(
      handlers({
        streams: {
          logs: (_p, sink) => {
            for (let i = 0; i < 1000; i++) sink.emit({ type: 'line', service: 's', stream: 'stdout', ts: 't', text: String(i) });
            sink.end();
          },
        },
      }),
    );
    const got: string[] = [];
    const sub = client.subscribe('logs', { source: { kind: 'live', stack: 'x' } }, { next: (e) => e.type === 'line' && got.push(e.text) });
    await sub.ended;
    assert.deepEqual(got, Array.from({ length: 1000 }, (_, i) => String(i)));
    const batches = sent.filter((m) => m.t === 'events').length;
    assert.ok(batches >= 1 && batches <= 2, `${batches} batches for 1000 small events`);
  });

  it('flushes at 64 KB without waiting for the timer', async () => {
    let sink!: StreamSink<TerminalEvent>;
    const { client, sent } = link(handlers({ streams: { terminal: (_p, s) => void (sink = s) } }));
    const sub = client.subscribe('terminal', { stack: 's', service: 'x', cols: 80, rows: 24 }, { next: () => {} });
    await tick(1);
    sink.emit({ type: 'data', data: new Uint8Array(70 * 1024) });
    assert.equal(sent.filter((m) => m.t === 'events').length, 1, 'sent at once, not after 16 ms');
    sub.dispose();
  });

  it('sends an event after a quiet spell at once, not after the batch interval', async () => {
    let sink!: StreamSink<TerminalEvent>;
    const { client } = link(handlers({ streams: { terminal: (_p, s) => void (sink = s) } }));
    const arrivals: number[] = [];
    const sub = client.subscribe('terminal', { stack: 's', service: 'x', cols: 80, rows: 24 }, { next: () => arrivals.push(performance.now()) });
    await tick(30);
    const t = performance.now();
    sink.emit({ type: 'data', data: new Uint8Array([120]) });
    await tick(30);
    assert.equal(arrivals.length, 1);
    assert.ok(arrivals[0] - t < 8, `echo delivered after ${(arrivals[0] - t).toFixed(1)} ms`);
    sub.dispose();
  });

  it('pauses the source above the high watermark and resumes below the low one', async () => {
    let sink!: StreamSink<TerminalEvent>;
    const calls: string[] = [];
    const { client } = link(
      handlers({
        streams: {
          terminal: (_p, s) => {
            sink = s;
            return { pause: () => calls.push('pause'), resume: () => calls.push('resume') };
          },
        },
      }),
    );
    const received: number[] = [];
    const sub = client.subscribe('terminal', { stack: 's', service: 'x', cols: 80, rows: 24 }, { next: (e) => e.type === 'data' && received.push(e.data.byteLength) }, { manualAck: true });
    await tick(1);
    for (let i = 0; i < 4; i++) sink.emit({ type: 'data', data: new Uint8Array(64 * 1024) });
    await tick(30);
    assert.deepEqual(calls, ['pause'], '256 KB unacknowledged is above 100 KB');
    sub.ack(200 * 1024);
    await tick(1);
    assert.deepEqual(calls, ['pause'], '56 KB still unacknowledged is above 10 KB');
    sub.ack(56 * 1024);
    await tick(1);
    assert.deepEqual(calls, ['pause', 'resume']);
    assert.equal(received.reduce((a, b) => a + b, 0), 256 * 1024);
    sub.dispose();
  });

  it('dispose ends the stream engine-side', async () => {
    let disposed = 0;
    let signal!: AbortSignal;
    const { client, host } = link(
      handlers({
        streams: {
          stacks: (_p, sink) => {
            signal = sink.signal;
            sink.emit({ type: 'snapshot', stacks: [] });
            return { dispose: () => void disposed++ };
          },
        },
      }),
    );
    let ended = 0;
    const sub = client.subscribe('stacks', {}, { next: () => {}, end: () => void ended++ });
    await tick(20);
    assert.equal(host.open.streams, 1);
    sub.dispose();
    await tick(1);
    assert.equal(host.open.streams, 0);
    assert.equal(disposed, 1);
    assert.equal(signal.aborted, true);
    assert.equal(ended, 1);
  });

  it('a dropped connection disposes every stream and fails every call', async () => {
    let disposed = 0;
    let callSignal!: AbortSignal;
    const { client, host, drop } = link(
      handlers({
        streams: { stacks: () => ({ dispose: () => void disposed++ }) },
        requests: {
          listStacks: (_p, ctx) => {
            callSignal = ctx.signal;
            return new Promise(() => {});
          },
        },
      }),
    );
    const errors: string[] = [];
    client.subscribe('stacks', {}, { next: () => {}, error: (e) => errors.push(e.kind) });
    client.subscribe('stacks', {}, { next: () => {}, error: (e) => errors.push(e.kind) });
    const pending = client.listStacks({});
    await tick(5);
    drop();
    const err = await pending.catch((e) => e);
    assert.equal(err.kind, 'engine-unreachable');
    assert.deepEqual(errors, ['engine-unreachable', 'engine-unreachable']);
    assert.equal(disposed, 2);
    assert.equal(callSignal.aborted, true);
    assert.deepEqual(host.open, { streams: 0, calls: 0 });
  });

  it('a stream that fails to start ends with its error', async () => {
    const { client } = link(
      handlers({
        streams: {
          logs: () => {
            throw new BranchyardError('not-found', "no stack named 'x'");
          },
        },
      }),
    );
    const errors: BranchyardError[] = [];
    const sub = client.subscribe('logs', { source: { kind: 'live', stack: 'x' } }, { next: () => {}, error: (e) => errors.push(e) });
    await sub.ended;
    assert.equal(errors[0]?.kind, 'not-found');
  });
});
