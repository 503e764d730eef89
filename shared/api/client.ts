// The typed client every front end uses: one method per request of the contract plus
// `subscribe` for streams, over any Port (in process, Electron IPC, WebSocket). Plain TypeScript,
// no Node or DOM import, so the preload, the renderer and the command line share it.

import { BranchyardError } from '../errors/errors.ts';
import {
  type EventOf,
  type ParamsOf,
  REQUEST_NAMES,
  type RequestName,
  type ResultOf,
  type StreamName,
  type StreamParamsOf,
} from './contract.ts';
import { type ClientPort, type HostMessage, fromWire } from './protocol.ts';
import type { ProgressEvent } from './stacks.ts';

export interface CallOptions {
  /** Aborting cancels the operation engine-side (a build removes its container, tags nothing). */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface StreamObserver<E> {
  next(event: E): void;
  /** The stream failed; no more events follow. */
  error?(error: BranchyardError): void;
  /** The stream ended (after error() too, and after dispose()). */
  end?(): void;
}

export interface SubscribeOptions {
  /**
   * Acknowledge consumed bytes yourself with Subscription.ack (a terminal does so once its screen
   * has drawn them). By default a batch counts as consumed when next() has returned for it.
   */
  manualAck?: boolean;
}

export interface Subscription {
  /** Ends the stream engine-side: the follow stream, exec or event listener behind it stops. */
  dispose(): void;
  ack(bytes: number): void;
  /** Resolves once the stream has ended, whichever side ended it. */
  readonly ended: Promise<void>;
}

export type Requester = { [K in RequestName]: (params: ParamsOf<K>, options?: CallOptions) => Promise<ResultOf<K>> };

export interface BranchyardClient extends Requester {
  subscribe<K extends StreamName>(
    stream: K,
    params: StreamParamsOf<K>,
    observer: StreamObserver<EventOf<K>>,
    options?: SubscribeOptions,
  ): Subscription;
  /** Ends every stream and fails every pending call; the port is closed. */
  close(): void;
}

interface PendingCall {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (e: ProgressEvent) => void;
  cleanup(): void;
}

interface OpenStream {
  observer: StreamObserver<unknown>;
  manualAck: boolean;
  finish(): void;
}

function lost(): BranchyardError {
  return new BranchyardError('engine-unreachable', 'the connection to the Branchyard engine was lost');
}

export function createClient(port: ClientPort): BranchyardClient {
  let nextId = 1;
  let closed = false;
  const calls = new Map<number, PendingCall>();
  const streams = new Map<number, OpenStream>();

  function receive(m: HostMessage): void {
    switch (m.t) {
      case 'result':
      case 'error': {
        const c = calls.get(m.id);
        if (!c) return;
        calls.delete(m.id);
        c.cleanup();
        if (m.t === 'result') c.resolve(m.result);
        else c.reject(fromWire(m.error));
        return;
      }
      case 'progress':
        calls.get(m.id)?.onProgress?.(m.event);
        return;
      case 'events': {
        const s = streams.get(m.id);
        if (!s) return;
        for (const e of m.events) s.observer.next(e);
        if (!s.manualAck && streams.has(m.id)) port.send({ t: 'ack', id: m.id, bytes: m.bytes });
        return;
      }
      case 'end': {
        const s = streams.get(m.id);
        if (!s) return;
        streams.delete(m.id);
        if (m.error) s.observer.error?.(fromWire(m.error));
        s.finish();
      }
    }
  }

  /** The connection is gone (`deliberate`: closed by this side, so streams just end). */
  function shutdown(deliberate = false): void {
    if (closed) return;
    closed = true;
    const e = deliberate ? new BranchyardError('engine-unreachable', 'the client was closed') : lost();
    for (const c of calls.values()) {
      c.cleanup();
      c.reject(e);
    }
    calls.clear();
    for (const s of streams.values()) {
      if (!deliberate) s.observer.error?.(e);
      s.finish();
    }
    streams.clear();
  }

  const unlisten = port.onMessage(receive);
  port.onClose?.(() => shutdown());

  function call(method: RequestName, params: unknown, options: CallOptions = {}): Promise<unknown> {
    if (closed) return Promise.reject(lost());
    if (options.signal?.aborted) return Promise.reject(fromWire({ name: 'AbortError', kind: 'cancelled', message: 'cancelled', details: {} }));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => port.send({ t: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      calls.set(id, { resolve, reject, onProgress: options.onProgress, cleanup: () => options.signal?.removeEventListener('abort', onAbort) });
      port.send({ t: 'call', id, method, params: params ?? {} });
    });
  }

  const requester = Object.fromEntries(REQUEST_NAMES.map((name) => [name, (params: unknown, options?: CallOptions) => call(name, params, options)])) as Requester;

  return {
    ...requester,
    subscribe(stream, params, observer, options = {}) {
      const id = nextId++;
      let finish!: () => void;
      const ended = new Promise<void>((r) => (finish = r));
      const sub: Subscription = {
        dispose() {
          if (!streams.has(id)) return;
          streams.delete(id);
          port.send({ t: 'unsub', id });
          finish();
          observer.end?.();
        },
        ack(bytes) {
          if (streams.has(id) && bytes > 0) port.send({ t: 'ack', id, bytes });
        },
        ended,
      };
      if (closed) {
        queueMicrotask(() => {
          observer.error?.(lost());
          observer.end?.();
          finish();
        });
        return sub;
      }
      streams.set(id, {
        observer: observer as StreamObserver<unknown>,
        manualAck: Boolean(options.manualAck),
        finish: () => {
          observer.end?.();
          finish();
        },
      });
      port.send({ t: 'sub', id, stream, params: params ?? {} });
      return sub;
    },
    close() {
      if (closed) return;
      for (const id of streams.keys()) port.send({ t: 'unsub', id });
      unlisten();
      shutdown(true);
      port.close?.();
    },
  };
}
