// The browser mode's log export as a real download: GET /export/logs?params=<JSON>&name=<file>,
// behind the same gate as every request (Host, token cookie; loopback only), answered with
// `Content-Disposition: attachment` so the browser saves it to disk as it streams. The bytes come
// from the engine's logDownload stream, paused while the browser is behind (res.write's back
// pressure), so neither the page nor the server holds the file.

import type { ServerResponse } from 'node:http';
import type { LogDownloadEvent } from '../../../shared/api/logs.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Handlers, StreamSource } from '../api/host.ts';

function fileName(raw: string | null, format: unknown): string {
  const fallback = format === 'jsonl' ? 'logs.jsonl' : 'logs.log';
  const name = (raw ?? '').replace(/[^\w.-]+/g, '_').slice(0, 200);
  return name && !name.startsWith('.') ? name : fallback;
}

function refuse(res: ServerResponse, headers: Record<string, string>, status: number, message: string): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

export async function answerLogExport(handlers: Handlers, query: URLSearchParams, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let params: unknown;
  try {
    params = JSON.parse(query.get('params') ?? '');
  } catch {
    return refuse(res, headers, 400, 'params: must be the export parameters as JSON');
  }
  const name = fileName(query.get('name'), (params as { format?: unknown } | null)?.format);
  const abort = new AbortController();
  // Set once the stream handler answered; paused and resumed by the response's back pressure.
  const held: { source?: StreamSource } = {};
  let started = false;
  let finished = false;
  const start = () => {
    if (started) return;
    started = true;
    const type = name.endsWith('.jsonl') ? 'application/x-ndjson; charset=utf-8' : 'text/plain; charset=utf-8';
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"` });
  };
  // The browser went away (download cancelled, tab closed): the engine's reading stops.
  const gone = new Promise<void>((resolve) => {
    res.on('close', () => {
      if (!finished) abort.abort();
      resolve();
    });
  });
  const ended = new Promise<void>((resolve) => {
    const sink = {
      signal: abort.signal,
      emit(e: LogDownloadEvent) {
        if (finished) return;
        start();
        if (e.type === 'chunk' && !res.write(e.data)) {
          held.source?.pause?.();
          res.once('drain', () => held.source?.resume?.());
        }
      },
      end(error?: unknown) {
        if (finished) return;
        finished = true;
        if (error === undefined) {
          start();
          res.end();
        } else if (!started) {
          const status = error instanceof BranchyardError && (error.kind === 'invalid-input' || error.kind === 'not-found') ? (error.kind === 'not-found' ? 404 : 400) : 500;
          refuse(res, headers, status, error instanceof Error ? error.message : String(error));
        } else {
          // Half a file must not look whole: the browser marks a download cut off like this failed.
          res.destroy();
        }
        resolve();
      },
    };
    Promise.resolve()
      .then(() => handlers.streams.logDownload(params as never, sink))
      .then((s) => {
        held.source = s ?? undefined;
        if (abort.signal.aborted) void s?.dispose?.();
      })
      .catch((e) => sink.end(e));
  });
  await Promise.race([ended, gone]);
  if (!finished) await held.source?.dispose?.();
}
