// Feeds the open log view from the `logs` stream. Lines go into the view's ring buffer and the
// store is told at most once per frame. After the transport came back, the stream is opened again
// from the timestamp of the last line kept, skipping the lines already there.

import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { LogLine, LogsParams } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';
import { LOG_VIEW_LIMIT, type LogsView } from './logsSlice.ts';

function sameLine(a: LogLine, b: LogLine): boolean {
  return a.ts === b.ts && a.service === b.service && a.stream === b.stream && a.text === b.text;
}

/** True when `line` (at the resume timestamp) is already among the last lines kept. */
function alreadyKept(view: LogsView, line: LogLine): boolean {
  for (let i = view.lines.length - 1; i >= 0; i--) {
    const kept = view.lines.at(i) as LogLine;
    if (kept.ts !== line.ts) return false;
    if (sameLine(kept, line)) return true;
  }
  return false;
}

export function startLogsFeed(client: BranchyardClient, view: LogsView): () => void {
  const resumeFrom = view.lines.last()?.ts;
  // A followed live view follows the services, not their containers: through restarts and
  // redeploys, with a marker line where the container changed.
  const followRestarts = view.follow && view.source.kind === 'live' ? { followRestarts: true } : {};
  const params: LogsParams = resumeFrom
    ? { source: view.source, follow: view.follow, since: resumeFrom, ...followRestarts }
    : { source: view.source, follow: view.follow, tail: LOG_VIEW_LIMIT, ...followRestarts };
  let resuming = resumeFrom !== undefined;
  const known = new Set(view.services);
  let frame: number | undefined;
  let stopped = false;
  const changed = (change?: Parameters<ReturnType<typeof useApp.getState>['logsChanged']>[1]) => {
    if (!stopped) useApp.getState().logsChanged(view.key, change);
  };
  const redrawSoon = () => {
    frame ??= requestAnimationFrame(() => {
      frame = undefined;
      changed();
    });
  };

  if (view.state === 'failed') changed({ state: 'loading', message: undefined });

  const sub = client.subscribe('logs', params, {
    next(e) {
      if (e.type === 'line') {
        const line: LogLine = { service: e.service, stream: e.stream, ts: e.ts, text: e.text, ...(e.marker ? { marker: true } : {}) };
        if (resuming) {
          if (resumeFrom !== undefined && line.ts < resumeFrom) return;
          if (line.ts === resumeFrom && alreadyKept(view, line)) return;
          resuming = false;
        }
        view.lines.push(line);
        if (!known.has(line.service)) {
          known.add(line.service);
          changed({ services: [...known] });
        }
        redrawSoon();
      } else if (e.type === 'caught-up') {
        changed({ state: view.follow ? 'live' : 'complete', message: undefined });
      } else {
        changed({ message: `${e.service ? `${e.service}: ` : ''}${e.message}` });
      }
    },
    error(err) {
      changed({ state: 'failed', message: errorMessage(err) });
    },
    end() {
      const state = useApp.getState().logs;
      if (state?.key === view.key && state.state === 'loading') changed({ state: 'complete' });
    },
  });
  return () => {
    stopped = true;
    if (frame !== undefined) cancelAnimationFrame(frame);
    sub.dispose();
  };
}
