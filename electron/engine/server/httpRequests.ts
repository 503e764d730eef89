// Plain HTTP requests of the browser-mode server: the gate first (403 for a foreign Host, 401
// without the token), then the UI's files. A request with `?token=` is answered by a redirect to
// the same address without it, which sets the token as an HttpOnly cookie: the token is exchanged
// once and leaves the address bar, the history and every later URL (the page's files and its
// WebSocket carry only the cookie). A log export (/export/logs) is streamed as a download. Answers never echo the request target: it may hold the token.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { LOG_EXPORT_PATH } from '../../../shared/api/logs.ts';
import type { Handlers } from '../api/host.ts';
import { type Gate, checkRequest, splitTarget } from './auth.ts';
import { answerLogExport } from './logExportRequest.ts';
import { refusedPage } from './refusedPage.ts';
import { securityHeaders } from './securityHeaders.ts';
import { DOWNLOADS_PREFIX, type Download, type Downloads } from './downloads.ts';
import { lookupStatic } from './staticFiles.ts';

const REASONS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
};

function sendText(res: ServerResponse, gate: Gate, status: number, text: string): void {
  res.writeHead(status, { ...securityHeaders(gate.port), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** A browser navigating to a page asks for HTML first; scripts, fetches and curl do not. */
function wantsPage(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((t) => t.trim().startsWith('text/html'));
}

function tokenCookie(gate: Gate): string {
  return `${gate.cookieName}=${gate.token}; HttpOnly; SameSite=Strict; Path=/`;
}

export async function answerRequest(
  gate: Gate,
  staticDir: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  o: { handlers?: Handlers; downloads?: Downloads } = {},
): Promise<void> {
  const target = splitTarget(req.url);
  if (!target) return sendText(res, gate, 400, REASONS[400]);
  const verdict = checkRequest(gate, req, target.query);
  if (!verdict.ok) {
    if (verdict.refusal && wantsPage(req)) {
      res.writeHead(verdict.status, { ...securityHeaders(gate.port), 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : refusedPage(verdict.refusal, gate.port));
      return;
    }
    return sendText(res, gate, verdict.status, verdict.message);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, gate, 405, REASONS[405]);
  if (target.path === '/api') return sendText(res, gate, 400, 'the API is a WebSocket: connect with an upgrade request');
  // A log export the page asked for: streamed as a download (the token's cookie came with it).
  if (target.path === LOG_EXPORT_PATH && o.handlers && req.method === 'GET') return answerLogExport(o.handlers, target.query, res, securityHeaders(gate.port));
  if (target.path.startsWith(DOWNLOADS_PREFIX)) return sendDownload(gate, o.downloads?.(target.path), req, res);
  if (!staticDir) return sendText(res, gate, 404, 'no UI is served by this server');

  const found = await lookupStatic(staticDir, target.path);
  if ('status' in found) return sendText(res, gate, found.status, REASONS[found.status]);
  if (verdict.via === 'query') {
    const rest = new URLSearchParams(target.query);
    rest.delete('token');
    const location = `${target.path}${rest.size ? `?${rest}` : ''}`;
    res.writeHead(303, { ...securityHeaders(gate.port), 'Set-Cookie': tokenCookie(gate), Location: location, 'Content-Length': '0' });
    res.end();
    return;
  }
  res.writeHead(200, { ...securityHeaders(gate.port), 'Content-Type': found.contentType });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // The file may vanish between lookup and read: the client then sees a cut-off answer, the
  // server keeps running.
  await pipeline(createReadStream(found.file), res).catch(() => res.destroy());
}

/** A download is no page: a token in the query is taken as it is (curl gets the file, not a redirect). */
async function sendDownload(gate: Gate, found: Download | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let size: number | undefined;
  try {
    if (found) size = (await stat(found.file)).size;
  } catch {
    // gone since it was found
  }
  if (!found || size === undefined) return sendText(res, gate, 404, REASONS[404]);
  res.writeHead(200, {
    ...securityHeaders(gate.port),
    'Content-Type': found.contentType,
    'Content-Length': String(size),
    // The name is a capture id's characters only (letters, digits, - . T Z): nothing to quote.
    'Content-Disposition': `attachment; filename="${found.name}"`,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(found.file), res).catch(() => res.destroy());
}
