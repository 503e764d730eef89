// WebSocket upgrades of the browser-mode server. A refused upgrade gets a plain HTTP answer on
// the raw socket, which is then destroyed: no WebSocket ever exists for it, so no handler runs.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { type Gate, checkUpgrade, splitTarget } from './auth.ts';

const STATUS_LINES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

export function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, message: string): void {
  const body = `${message}\n`;
  socket.on('error', () => {});
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_LINES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function handleUpgrade(gate: Gate, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, accepted: (ws: WebSocket) => void): void {
  const target = splitTarget(req.url);
  if (!target) return refuseUpgrade(socket, 400, 'bad request');
  const verdict = checkUpgrade(gate, req, target.query);
  if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
  if (target.path !== '/api') return refuseUpgrade(socket, 404, 'not found');
  wss.handleUpgrade(req, socket, head, accepted);
}
