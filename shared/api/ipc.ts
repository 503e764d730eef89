// The Electron transport's names, shared by the main process and the preload so neither spells
// them by hand. One channel carries every protocol message in both directions.

import type { CallOptions, Requester, SubscribeOptions, Subscription } from './client.ts';
import type { EventOf, StreamName, StreamParamsOf } from './contract.ts';
import { type WireError, fromWire } from './protocol.ts';
import type { BranchyardError } from '../errors/errors.ts';

export const IPC_CHANNEL = 'branchyard:api';

/** The renderer finds the client at `window[BRIDGE_KEY]`. */
export const BRIDGE_KEY = 'branchyard';

/**
 * What the preload exposes, as the renderer sees it: the contract client, with two differences
 * the context bridge forces. An AbortSignal cannot cross it (so `signal` is not offered), and an
 * Error crossing it keeps only its message, so failures arrive as plain WireError objects
 * ({ name, kind, message, details }); `fromBridge` turns one back into a BranchyardError.
 */
export type BridgeCallOptions = Omit<CallOptions, 'signal'>;

export type BridgedRequester = {
  [K in keyof Requester]: (params: Parameters<Requester[K]>[0], options?: BridgeCallOptions) => ReturnType<Requester[K]>;
};

export interface BridgedObserver<E> {
  next(event: E): void;
  error?(error: WireError): void;
  end?(): void;
}

export interface BridgedClient extends BridgedRequester {
  subscribe<K extends StreamName>(stream: K, params: StreamParamsOf<K>, observer: BridgedObserver<EventOf<K>>, options?: SubscribeOptions): Subscription;
  close(): void;
}

/** A rejection or stream error that crossed the bridge, as a BranchyardError again. */
export function fromBridge(e: unknown): BranchyardError {
  const w = e as Partial<WireError> | undefined;
  if (w && typeof w === 'object' && typeof w.kind === 'string' && typeof w.message === 'string') {
    return fromWire({ name: w.name ?? 'BranchyardError', kind: w.kind, message: w.message, details: w.details ?? {} });
  }
  return fromWire({ name: 'Error', kind: 'engine', message: (e as Error)?.message ?? String(e), details: {} });
}
