// The preload: the renderer's only way to the engine. It runs sandboxed in an isolated world and
// exposes the contract client at `window.branchyard` and nothing else: never ipcRenderer, never a
// way to send on another channel. The client speaks the protocol over one IPC channel; the
// engine's host for this window lives in the main process.
//
// The context bridge copies what crosses it, which shapes what is exposed (see BridgedClient):
// - an AbortSignal cannot cross it (it arrives as an empty object), so `signal` is not passed on
//   and cancelling a call from the renderer is not offered through the bridge yet;
// - an Error crossing it keeps only its message, so failures cross as plain WireError objects
//   ({ name, kind, message, details }); the renderer rebuilds them with `fromBridge`.
// Uint8Array and plain objects cross as copies; functions (observers, dispose, ack) as proxies.

import { contextBridge, ipcRenderer } from 'electron';
import { type BranchyardClient, createClient } from '../../shared/api/client.ts';
import { REQUEST_NAMES } from '../../shared/api/contract.ts';
import { BRIDGE_KEY, type BridgeCallOptions, type BridgedClient, IPC_CHANNEL } from '../../shared/api/ipc.ts';
import { type ClientPort, type HostMessage, toWire } from '../../shared/api/protocol.ts';

const port: ClientPort = {
  send: (message) => ipcRenderer.send(IPC_CHANNEL, message),
  onMessage(receive) {
    const listener = (_event: unknown, message: HostMessage) => receive(message);
    ipcRenderer.on(IPC_CHANNEL, listener);
    return () => {
      ipcRenderer.off(IPC_CHANNEL, listener);
    };
  },
  // No onClose: the connection lives as long as this page; the main process ends the host when
  // the page goes (closed window, reload, crash).
};

const client: BranchyardClient = createClient(port);

type AnyRequest = (params: unknown, options?: { onProgress?: BridgeCallOptions['onProgress'] }) => Promise<unknown>;

function bridged(name: (typeof REQUEST_NAMES)[number]): AnyRequest {
  const call = client[name] as AnyRequest;
  return (params, options) =>
    call(params, { onProgress: options?.onProgress }).catch((e: unknown) => {
      throw toWire(e);
    });
}

const api: BridgedClient = {
  ...(Object.fromEntries(REQUEST_NAMES.map((name) => [name, bridged(name)])) as unknown as Omit<BridgedClient, 'subscribe' | 'close'>),
  subscribe(stream, params, observer, options) {
    return client.subscribe(
      stream,
      params,
      {
        next: (event) => observer.next(event),
        error: (e) => observer.error?.(toWire(e)),
        end: () => observer.end?.(),
      },
      { manualAck: Boolean(options?.manualAck) },
    );
  },
  close: () => client.close(),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, api);
