// In Electron the preload exposes a BridgedClient: the contract client minus what the context
// bridge cannot carry (AbortSignal; Error objects arrive as plain WireError objects). This turns
// it back into a BranchyardClient, so views use one interface in every mode and always get
// BranchyardErrors with their kind and details.

import type { BranchyardClient, CallOptions, Requester } from '../../../shared/api/client.ts';
import { REQUEST_NAMES } from '../../../shared/api/contract.ts';
import { type BridgedClient, fromBridge } from '../../../shared/api/ipc.ts';

type AnyRequest = (params: unknown, options?: CallOptions) => Promise<unknown>;

export function clientFromBridge(bridge: BridgedClient): BranchyardClient {
  const requests = Object.fromEntries(
    REQUEST_NAMES.map((name) => {
      const call = bridge[name] as AnyRequest;
      const request: AnyRequest = (params, options) =>
        call(params, options?.onProgress ? { onProgress: options.onProgress } : undefined).catch((e: unknown) => {
          throw fromBridge(e);
        });
      return [name, request];
    }),
  ) as unknown as Requester;
  return {
    ...requests,
    subscribe(stream, params, observer, options) {
      return bridge.subscribe(
        stream,
        params,
        {
          next: (event) => observer.next(event),
          error: (e) => observer.error?.(fromBridge(e)),
          end: () => observer.end?.(),
        },
        options,
      );
    },
    close: () => bridge.close(),
  };
}
