// The engine end of every transport: receives protocol messages from one connection, runs
// requests, and runs streams with batching (about 16 ms or 64 KB) and flow control (pause the
// source above the stream's high watermark of unacknowledged bytes, resume below the low one).
// When the connection goes, every stream of it is disposed and every call cancelled, so no
// follow stream, exec or event listener outlives its viewer.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import {
  BATCH,
  type EventOf,
  type ParamsOf,
  type RequestName,
  type ResultOf,
  type StreamName,
  type StreamParamsOf,
  isRequestName,
  isStreamName,
  streamPolicy,
} from '../../../shared/api/contract.ts';
import { type ClientMessage, type HostPort, toWire } from '../../../shared/api/protocol.ts';
import type { ProgressEvent } from '../../../shared/api/stacks.ts';
import { logged } from '../log/logger.ts';

export interface CallContext {
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

export interface StreamSink<E> {
  emit(event: E): void;
  /** The source is done (or failed): pending events are flushed, then the stream ends. */
  end(error?: unknown): void;
  /** Aborted when the viewer disposes the stream or the connection goes. */
  readonly signal: AbortSignal;
}

export interface StreamSource {
  /** Stop producing and release everything (idempotent). */
  dispose?(): void | Promise<void>;
  pause?(): void;
  resume?(): void;
}

export type RequestHandlers = { [K in RequestName]: (params: ParamsOf<K>, ctx: CallContext) => Promise<ResultOf<K>> };
export type StreamHandlers = {
  [K in StreamName]: (params: StreamParamsOf<K>, sink: StreamSink<EventOf<K>>) => StreamSource | void | Promise<StreamSource | void>;
};
export interface Handlers {
  requests: RequestHandlers;
  streams: StreamHandlers;
}

interface LiveStream {
  abort: AbortController;
  source?: StreamSource;
  queue: unknown[];
  queued: number;
  timer?: ReturnType<typeof setTimeout>;
  /** A flush is already queued for the end of this turn of the event loop. */
  soon: boolean;
  /** When the last batch went out (performance.now()). */
  lastFlush: number;
  unacked: number;
  /** Resume below this many unacknowledged bytes. */
  low: number;
  paused: boolean;
  ended: boolean;
}

export interface Host {
  /** Ends every stream and call of this connection. */
  close(): void;
  /** Streams and calls still running (for tests: nothing may outlive its viewer). */
  readonly open: { streams: number; calls: number };
}

export function serveConnection(handlers: Handlers, port: HostPort): Host {
  const calls = new Map<number, AbortController>();
  const streams = new Map<number, LiveStream>();
  let closed = false;

  async function runCall(id: number, method: unknown, params: unknown): Promise<void> {
    if (!isRequestName(method)) {
      port.send({ t: 'error', id, error: toWire(new BranchyardError('invalid-input', `unknown request '${String(method)}'`)) });
      return;
    }
    const abort = new AbortController();
    calls.set(id, abort);
    try {
      const handler = handlers.requests[method] as (p: unknown, c: CallContext) => Promise<unknown>;
      const result = await handler(params ?? {}, {
        signal: abort.signal,
        progress: (event) => {
          if (!abort.signal.aborted && !closed) port.send({ t: 'progress', id, event });
        },
      });
      if (!closed) port.send({ t: 'result', id, result: result ?? null });
    } catch (e) {
      if (!closed) port.send({ t: 'error', id, error: toWire(e) });
    } finally {
      calls.delete(id);
    }
  }

  function flush(id: number, s: LiveStream, policy: { high: number }): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    s.soon = false;
    if (s.queue.length === 0 || closed || s.ended) return;
    s.lastFlush = performance.now();
    const events = s.queue;
    const bytes = s.queued;
    s.queue = [];
    s.queued = 0;
    port.send({ t: 'events', id, events, bytes });
    s.unacked += bytes;
    if (!s.paused && s.unacked > policy.high) {
      s.paused = true;
      s.source?.pause?.();
    }
  }

  function release(s: LiveStream): void {
    s.ended = true;
    if (s.timer) clearTimeout(s.timer);
    s.abort.abort();
    void Promise.resolve(s.source?.dispose?.()).catch(logged('warn', `closing the engine side of a stream`));
  }

  async function openStream(id: number, name: unknown, params: unknown): Promise<void> {
    if (!isStreamName(name)) {
      port.send({ t: 'end', id, error: toWire(new BranchyardError('invalid-input', `unknown stream '${String(name)}'`)) });
      return;
    }
    const policy = streamPolicy(name) as { size(e: unknown): number; high: number; low: number };
    const s: LiveStream = { abort: new AbortController(), queue: [], queued: 0, unacked: 0, low: policy.low, paused: false, ended: false, soon: false, lastFlush: -Infinity };
    streams.set(id, s);
    const sink: StreamSink<unknown> = {
      signal: s.abort.signal,
      emit(event) {
        if (s.ended) return;
        s.queue.push(event);
        s.queued += policy.size(event);
        if (s.queued >= BATCH.maxBytes) return flush(id, s, policy);
        if (s.timer || s.soon) return;
        // Little to send (a keystroke's echo, a few log lines) or a quiet spell before: send at
        // the end of this turn, so an echo never waits for the timer. A steady flow of more is
        // sent every 16 ms (or at 64 KB), which keeps the message count low.
        const since = performance.now() - s.lastFlush;
        if (s.queued < BATCH.smallBytes || since >= BATCH.intervalMs) {
          s.soon = true;
          setImmediate(() => s.soon && flush(id, s, policy));
        } else {
          s.timer = setTimeout(() => flush(id, s, policy), BATCH.intervalMs - since);
        }
      },
      end(error) {
        if (s.ended) return;
        flush(id, s, policy);
        streams.delete(id);
        release(s);
        if (!closed) port.send({ t: 'end', id, ...(error ? { error: toWire(error) } : {}) });
      },
    };
    try {
      const handler = handlers.streams[name] as (p: unknown, sink: StreamSink<unknown>) => StreamSource | void | Promise<StreamSource | void>;
      const source = (await handler(params ?? {}, sink)) ?? undefined;
      if (s.ended) {
        // Disposed (or ended) while it was starting: release what it just opened.
        void Promise.resolve(source?.dispose?.()).catch(logged('warn', `closing stream ${name}, disposed while it started`));
        return;
      }
      s.source = source;
      if (s.paused) source?.pause?.();
    } catch (e) {
      sink.end(e);
    }
  }

  function ack(id: number, bytes: number): void {
    const s = streams.get(id);
    if (!s || !Number.isFinite(bytes)) return;
    s.unacked = Math.max(0, s.unacked - bytes);
    if (s.paused && s.unacked <= s.low) {
      s.paused = false;
      s.source?.resume?.();
    }
  }

  function receive(m: ClientMessage): void {
    if (closed || !m || typeof m !== 'object' || typeof m.id !== 'number') return;
    switch (m.t) {
      case 'call':
        void runCall(m.id, m.method, m.params);
        return;
      case 'cancel':
        calls.get(m.id)?.abort();
        return;
      case 'sub':
        if (streams.has(m.id)) return;
        void openStream(m.id, m.stream, m.params);
        return;
      case 'unsub': {
        const s = streams.get(m.id);
        if (!s) return;
        streams.delete(m.id);
        release(s);
        return;
      }
      case 'ack':
        ack(m.id, m.bytes);
    }
  }

  const host: Host = {
    close() {
      if (closed) return;
      closed = true;
      unlisten();
      for (const c of calls.values()) c.abort();
      calls.clear();
      for (const s of streams.values()) release(s);
      streams.clear();
    },
    get open() {
      return { streams: streams.size, calls: calls.size };
    },
  };
  const unlisten = port.onMessage(receive);
  port.onClose?.(() => host.close());
  return host;
}
