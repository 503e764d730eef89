// How an Electron window gets its port to the engine, shared by the main process, the preload and
// the page so none of them spells a name by hand. The page asks with a window message; the
// preload answers by making a MessageChannel, sending one end to the main process on IPC_CHANNEL
// (which hands it on to the engine's utility process) and handing the other to the page with the
// grant. Every protocol message then travels on that port, and nothing else is exposed: the page
// never sees ipcRenderer or any channel.
//
// Window messages reach every script of the page's own window (its main world and the preload's
// isolated world), never another frame's; but any frame may post one to this window. So both
// sides accept only a message the window posted to itself (`source` is the window, same origin),
// and the page accepts only the grant that carries the nonce of its own request.

/** Preload to main process: carries exactly one MessagePort and no data. */
export const IPC_CHANNEL = 'branchyard:api';

const REQUEST = 'branchyard:port-request';
const GRANT = 'branchyard:port-grant';

export interface PortRequest {
  type: typeof REQUEST;
  nonce: string;
}

export interface PortGrant {
  type: typeof GRANT;
  nonce: string;
}

/** The part of a window MessageEvent these checks read. */
export interface WindowMessage<P> {
  data: unknown;
  origin: string;
  source: unknown;
  ports: readonly P[];
}

/** The receiving window, as it sees itself (`origin` is the serialization a MessageEvent carries). */
export interface SelfWindow {
  readonly origin: string;
}

function fromSelf(e: WindowMessage<unknown>, self: SelfWindow): boolean {
  return e.source === self && e.origin === self.origin;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function portRequest(nonce: string): PortRequest {
  return { type: REQUEST, nonce };
}

export function portGrant(nonce: string): PortGrant {
  return { type: GRANT, nonce };
}

/** The preload's check: the nonce of a port request this page posted to itself, else undefined. */
export function requestedNonce(e: WindowMessage<unknown>, self: SelfWindow): string | undefined {
  if (!fromSelf(e, self) || e.ports.length !== 0 || !isObject(e.data) || e.data.type !== REQUEST) return undefined;
  return typeof e.data.nonce === 'string' && e.data.nonce.length > 0 ? e.data.nonce : undefined;
}

/** The page's check: the port granted for its request `nonce`, else undefined (ignore the message). */
export function grantedPort<P>(e: WindowMessage<P>, self: SelfWindow, nonce: string): P | undefined {
  if (!fromSelf(e, self) || e.ports.length !== 1 || !isObject(e.data) || e.data.type !== GRANT || e.data.nonce !== nonce) return undefined;
  return e.ports[0];
}
