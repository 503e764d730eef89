// The messages every transport carries, in both directions. A transport only moves these
// objects (structured clone over IPC, the binary codec over WebSocket, as is in process).

import { BranchyardError, type ErrorDetails, type ErrorKind } from '../errors/errors.ts';
import type { ProgressEvent } from './stacks.ts';

/** An error as it crosses a boundary: name, message, kind and details (service, file, line...). */
export interface WireError {
  name: string;
  kind: ErrorKind;
  message: string;
  details: ErrorDetails;
}

export type ClientMessage =
  | { t: 'call'; id: number; method: string; params: unknown }
  | { t: 'cancel'; id: number }
  | { t: 'sub'; id: number; stream: string; params: unknown }
  | { t: 'unsub'; id: number }
  /** The viewer consumed this many bytes of a stream (flow control). */
  | { t: 'ack'; id: number; bytes: number };

export type HostMessage =
  | { t: 'result'; id: number; result: unknown }
  | { t: 'error'; id: number; error: WireError }
  | { t: 'progress'; id: number; event: ProgressEvent }
  | { t: 'events'; id: number; events: unknown[]; bytes: number }
  /** The stream ended on the engine side (source finished, failed, or was disposed). */
  | { t: 'end'; id: number; error?: WireError };

/** Anything thrown becomes a WireError; unexpected errors keep their message, not their stack. */
export function toWire(e: unknown): WireError {
  if (e instanceof BranchyardError) return { name: e.name, kind: e.kind, message: e.message, details: e.details };
  const err = e as Error;
  if (err?.name === 'AbortError') return { name: 'AbortError', kind: 'cancelled', message: err.message || 'cancelled', details: {} };
  return { name: err?.name ?? 'Error', kind: 'engine', message: err?.message ?? String(e), details: {} };
}

/** The receiving side rebuilds a BranchyardError, so `instanceof` and `.kind` work everywhere. */
export function fromWire(w: WireError): BranchyardError {
  const e = new BranchyardError(w.kind, w.message, w.details);
  if (w.name === 'AbortError') e.name = 'AbortError';
  return e;
}

/** A two-way message port: what a transport gives the client or the host. */
export interface Port<In, Out> {
  send(message: Out): void;
  /** Registers the one receiver; returns a function that unregisters it. */
  onMessage(receive: (message: In) => void): () => void;
  /** Called once when the connection is gone (closed window, dropped socket). */
  onClose?(closed: () => void): void;
  close?(): void;
}

export type ClientPort = Port<HostMessage, ClientMessage>;
export type HostPort = Port<ClientMessage, HostMessage>;
