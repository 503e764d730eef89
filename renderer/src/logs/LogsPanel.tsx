import { useApp } from '../store/appStore.ts';
import { LOG_VIEW_LIMIT, type LogsState } from './logsSlice.ts';
import { LogExport } from './LogExport.tsx';
import { LogList } from './LogList.tsx';
import { LogSearch } from './LogSearch.tsx';

const STATE_TEXT: Record<LogsState, string> = {
  loading: 'loading history…',
  live: 'following',
  complete: 'complete',
  failed: 'failed',
};

export function LogsPanel({ hidden }: { hidden: boolean }) {
  const logs = useApp((s) => s.logs);
  if (!logs) return null;
  const full = logs.lines.length >= LOG_VIEW_LIMIT;
  return (
    <section className="logs-panel" hidden={hidden} data-testid="logs-panel">
      <div className="toolbar">
        <strong data-testid="logs-title">{logs.title}</strong>
        <span className={`pill logs-${logs.state}`} data-testid="logs-state">
          {STATE_TEXT[logs.state]}
        </span>
        <span className="muted">
          {logs.lines.length} lines{full ? ` (the newest ${LOG_VIEW_LIMIT}; search covers all)` : ''}
        </span>
        {logs.message && (
          <span className={logs.state === 'failed' ? 'error' : 'muted'} data-testid="logs-message">
            {logs.message}
          </span>
        )}
        <span className="spacer" />
        <LogExport source={logs.source} />
      </div>
      {/* A new source starts with a fresh search and scroll position. */}
      <LogSearch key={`search-${logs.key}`} source={logs.source} />
      <LogList key={`list-${logs.key}`} lines={logs.lines} version={logs.version} />
    </section>
  );
}
