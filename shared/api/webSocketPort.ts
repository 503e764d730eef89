// The client end of the WebSocket transport, for the browser mode and for Node (tests, tools)
// with the `ws` package. Binary frames through the codec, so Uint8Array data travels as raw bytes.
// No DOM or Node import: the socket is described by the little this file uses of it, which both
// the browser's WebSocket and ws's WebSocket provide.

import { BranchyardError } from '../errors/errors.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { portEnds } from './portEnds.ts';
import type { ClientPort, HostMessage } from './protocol.ts';

export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  removeEventListener(type: 'open' | 'error', listener: () => void): void;
  removeEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_INVALID = 1007;

function bytesOf(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** Wraps a socket that is already open (or opening: sends before open are dropped). */
export function webSocketPort(ws: WebSocketLike): ClientPort {
  ws.binaryType = 'arraybuffer';
  const ends = portEnds<HostMessage>();
  ws.addEventListener('message', (event) => {
    if (ends.closed) return;
    const bytes = bytesOf(event.data);
    if (!bytes) {
      ws.close(CLOSE_UNSUPPORTED, 'binary frames only');
      ends.end();
      return;
    }
    let message: HostMessage;
    try {
      message = decodeMessage(bytes) as HostMessage;
    } catch {
      ws.close(CLOSE_INVALID, 'malformed frame');
      ends.end();
      return;
    }
    ends.deliver(message);
  });
  ws.addEventListener('close', () => ends.end());
  ws.addEventListener('error', () => ends.end());
  return {
    send(message) {
      if (!ends.closed && ws.readyState === OPEN) ws.send(encodeMessage(message));
    },
    onMessage: ends.onMessage,
    onClose: ends.onClose,
    close() {
      ws.close(1000);
      ends.end();
    },
  };
}

/** The URL without its token, for error messages (they end up in logs and on screens). */
function redact(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1…');
}

/** Opens a socket and resolves once it is open; rejects when it fails or closes before that. */
export function connectWebSocket(url: string, WebSocketCtor: WebSocketConstructor | undefined = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket): Promise<ClientPort> {
  if (!WebSocketCtor) {
    return Promise.reject(new BranchyardError('engine-unreachable', 'no WebSocket implementation here: pass one (in Node, the ws package)'));
  }
  return new Promise((resolve, reject) => {
    let ws: WebSocketLike;
    try {
      ws = new WebSocketCtor(url);
    } catch (e) {
      reject(new BranchyardError('engine-unreachable', `cannot connect to the Branchyard engine at ${redact(url)}: ${(e as Error).message}`));
      return;
    }
    ws.binaryType = 'arraybuffer';
    const cleanup = () => {
      ws.removeEventListener('open', opened);
      ws.removeEventListener('error', failed);
      ws.removeEventListener('close', closedEarly);
    };
    const opened = () => {
      cleanup();
      resolve(webSocketPort(ws));
    };
    // Browsers say nothing about why a handshake failed (a refused token looks like a dropped
    // connection), so the message names the likely causes.
    const failed = () => {
      cleanup();
      reject(new BranchyardError('engine-unreachable', `cannot connect to the Branchyard engine at ${redact(url)} (not running, or the token is wrong)`));
    };
    const closedEarly = (event: { code: number; reason: string }) => {
      cleanup();
      const why = event.reason ? `: ${event.reason}` : ` (code ${event.code})`;
      reject(new BranchyardError('engine-unreachable', `the Branchyard engine at ${redact(url)} closed the connection before it opened${why}`));
    };
    ws.addEventListener('open', opened);
    ws.addEventListener('error', failed);
    ws.addEventListener('close', closedEarly);
  });
}
