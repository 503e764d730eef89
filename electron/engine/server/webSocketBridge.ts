// One accepted WebSocket becomes one engine connection: binary frames in and out through the
// codec, and when the socket goes, the host closes, so every stream of that viewer ends here.
// Nothing a client sends can bring the server down: a frame that does not decode closes only
// that socket (1007), a text frame too (1003).

import { type RawData, WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../../shared/api/codec.ts';
import { portEnds } from '../../../shared/api/portEnds.ts';
import type { ClientMessage, HostPort } from '../../../shared/api/protocol.ts';
import { type Handlers, type Host, serveConnection } from '../api/host.ts';

export const CLOSE = { normal: 1000, goingAway: 1001, unsupportedData: 1003, invalidPayload: 1007 } as const;

/** A plain Uint8Array view (attachments decoded from it are plain Uint8Arrays, not Buffers). */
function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) data = Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function bridgeSocket(ws: WebSocket, handlers: Handlers): Host {
  const ends = portEnds<ClientMessage>();
  const port: HostPort = {
    send(message) {
      if (ws.readyState === WebSocket.OPEN) ws.send(encodeMessage(message));
    },
    onMessage: ends.onMessage,
    onClose: ends.onClose,
    close() {
      ws.close(CLOSE.normal);
    },
  };
  const host = serveConnection(handlers, port);

  ws.on('message', (data, isBinary) => {
    if (ends.closed) return;
    if (!isBinary) {
      ws.close(CLOSE.unsupportedData, 'binary frames only');
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeMessage(bytesOf(data)) as ClientMessage;
    } catch {
      ws.close(CLOSE.invalidPayload, 'malformed frame');
      return;
    }
    try {
      ends.deliver(message);
    } catch {
      // The host validates what it reads; should it still throw, only this socket pays.
      ws.close(CLOSE.invalidPayload, 'malformed message');
    }
  });
  ws.on('close', () => ends.end());
  // ws reports protocol errors (oversized or invalid frames) here and closes the socket itself;
  // without a listener the error would be thrown and end the whole process.
  ws.on('error', () => {});
  return host;
}
