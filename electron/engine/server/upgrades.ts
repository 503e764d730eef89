// WebSocket upgrades of the browser-mode server. A refused upgrade gets a plain HTTP answer on
// the raw socket, which is then destroyed: no WebSocket ever exists for it, so no handler runs.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { type Gate, checkUpgrade, splitTarget } from './auth.ts';

const STATUS_LINES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

export function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404 | 503, message: string): void {
  const body = `${message}\n`;
  socket.on('error', () => {});
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_LINES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** `room`: connections open and allowed; a full server refuses, saying why. */
export function handleUpgrade(
  gate: Gate,
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  room: { open: number; max: number },
  accepted: (ws: WebSocket) => void,
): void {
  const target = splitTarget(req.url);
  if (!target) return refuseUpgrade(socket, 400, 'bad request');
  const verdict = checkUpgrade(gate, req, target.query);
  if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
  if (target.path !== '/api') return refuseUpgrade(socket, 404, 'not found');
  // After the gate: a stranger learns nothing, not even that the server is busy.
  if (room.open >= room.max) {
    return refuseUpgrade(socket, 503, `too many connections to this Branchyard server (${room.max} are open, the most it takes): close another tab or window of it`);
  }
  wss.handleUpgrade(req, socket, head, accepted);
}
