// The `logDownload` stream: an export as a download. The browser mode and the app may not name a
// path on the engine's machine (the engine writes only its own folders there), so the file's
// bytes go to the page, which saves them. Lines are gathered into chunks of about 64 KiB; the
// host's flow control pauses the merge (and so the engine's responses) while the page is behind.

import { cancelledError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers } from '../api/host.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';
import { exportLine } from './exportLine.ts';
import { checkDownloadParams } from './logParams.ts';
import { LogMerger } from './logMerger.ts';
import { openLogSources } from './openLogSources.ts';

const CHUNK_BYTES = 64 * 1024;

export function logDownloadStream(ctx: EngineContext): StreamHandlers['logDownload'] {
  return async (raw, sink) => {
    const p = checkDownloadParams(raw);
    const sources = await openLogSources(ctx, p.source, { follow: false, since: p.since }, sink.signal);
    const encoder = new TextEncoder();
    let pending: string[] = [];
    let pendingBytes = 0;
    let lines = 0;
    let bytes = 0;
    const flush = () => {
      if (pending.length === 0) return;
      sink.emit({ type: 'chunk', data: encoder.encode(pending.join('')) });
      pending = [];
      pendingBytes = 0;
    };
    const store = new DisposableStore('a log download');
    const merger = store.add(new LogMerger(sources, {
      line(l) {
        if (!p.filter.passes(l) || (p.matches && !p.matches(l.text))) return;
        const text = exportLine(l, p.format);
        const size = Buffer.byteLength(text);
        lines++;
        bytes += size;
        pending.push(text);
        pendingBytes += size;
        if (pendingBytes >= CHUNK_BYTES) flush();
      },
      caughtUp() {},
      notice() {},
      end(error) {
        if (error !== undefined) return sink.end(error);
        flush();
        sink.emit({ type: 'done', lines, bytes });
        sink.end();
      },
    }));
    const dispose = () => store.dispose();
    if (sink.signal.aborted) {
      void dispose();
      throw cancelledError();
    }
    sink.signal.addEventListener('abort', dispose, { once: true });
    merger.start();
    return { dispose, pause: () => merger.pause(), resume: () => merger.resume() };
  };
}
