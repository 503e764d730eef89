import type { LogLine, LogSource } from '../../../shared/api/logs.ts';
import type { Slice } from '../store/appStore.ts';
import { RingBuffer } from './ringBuffer.ts';

/**
 * The log view keeps the newest 10 000 lines. Older lines leave the view (and memory) but stay
 * searchable: the search box and Export ask the engine, which reads the whole history.
 */
export const LOG_VIEW_LIMIT = 10_000;

/** loading: history on its way; live: following; complete: all there is; failed: see message. */
export type LogsState = 'loading' | 'live' | 'complete' | 'failed';

export interface LogsView {
  /** New for every openLogs: the feed subscribes again when it changes. */
  key: number;
  source: LogSource;
  follow: boolean;
  title: string;
  /** Mutated in place by the feed; `version` changes when it did. */
  lines: RingBuffer<LogLine>;
  version: number;
  /** Services with lines so far (the source's own list first), for the filter's chips. */
  services: string[];
  state: LogsState;
  message?: string;
}

export interface LogsSlice {
  logs: LogsView | null;
  openLogs(source: LogSource, options: { follow: boolean; title: string }): void;
  closeLogs(): void;
  /** The feed added lines or changed state: views redraw. */
  logsChanged(key: number, change?: { state?: LogsState; message?: string; services?: string[] }): void;
}

let nextKey = 1;

export const logsSlice: Slice<LogsSlice> = (set, get) => ({
  logs: null,
  openLogs: (source, { follow, title }) => {
    set({
      logs: { key: nextKey++, source, follow, title, lines: new RingBuffer(LOG_VIEW_LIMIT), version: 0, state: 'loading', services: [...(source.services ?? [])] },
      dockTab: { kind: 'logs' },
    });
  },
  closeLogs: () => {
    const tab = get().dockTab;
    const first = get().terminals[0];
    set({ logs: null, dockTab: tab?.kind === 'logs' ? (first ? { kind: 'terminal', id: first.id } : null) : tab });
  },
  logsChanged: (key, change) =>
    set((s) => (s.logs?.key === key ? { logs: { ...s.logs, ...change, version: s.logs.version + 1 } } : {})),
});
