// The log view: toolbar (state, counts, follow/pause, wrap, time, export), filters, search, and
// the lines (the live list, or the history around a search match). Each opened source gets a
// fresh view (keyed by the source's key): filters, search and scroll start over.

import { useMemo, useState } from 'react';
import type { LogMatch } from '../../../shared/api/logs.ts';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { FilteredLines } from './filteredLines.ts';
import { LogExport } from './LogExport.tsx';
import { NO_FILTER, type ViewFilter, engineFilter, isFiltered, passes } from './logFilter.ts';
import { LogFilters } from './LogFilters.tsx';
import { type HistoryTarget, LogHistory } from './LogHistory.tsx';
import { LogList } from './LogList.tsx';
import { LogSearch } from './LogSearch.tsx';
import { LOG_VIEW_LIMIT, type LogsView } from './logsSlice.ts';
import type { SearchQuery } from './searchMatch.ts';
import './logs.css';

interface Display {
  wrap: boolean;
  showTime: boolean;
}

export function LogsPanel({ hidden }: { hidden: boolean }) {
  const logs = useApp((s) => s.logs);
  // How lines are shown outlives one source: a user who wants wrapping wants it everywhere.
  const [display, setDisplay] = useState<Display>({ wrap: false, showTime: true });
  if (!logs) return null;
  return (
    <section className="logs-panel" hidden={hidden} data-testid="logs-panel">
      <LogView key={logs.key} view={logs} display={display} setDisplay={setDisplay} />
    </section>
  );
}

function LogView({ view, display, setDisplay }: { view: LogsView; display: Display; setDisplay(d: Display): void }) {
  const t = useT('logs');
  const [filter, setFilter] = useState<ViewFilter>(NO_FILTER);
  const [following, setFollowing] = useState(true);
  const [pausedAt, setPausedAt] = useState<{ lines: FilteredLines; at: number } | null>(null);
  const [query, setQuery] = useState<SearchQuery | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);

  const filtered = useMemo(() => new FilteredLines(view.lines, (l) => passes(l, filter)), [view.lines, filter]);
  filtered.update();
  const scope = useMemo(() => engineFilter(view.source, filter, view.services), [view.source, filter, view.services]);

  const follow = (on: boolean) => {
    setFollowing(on);
    setPausedAt(on ? null : { lines: filtered, at: filtered.appended });
  };
  const newLines = !following && pausedAt?.lines === filtered ? filtered.appended - pausedAt.at : 0;
  const live = view.state === 'live';
  const stateKey = live && !following ? 'paused' : view.state;
  const full = view.lines.length >= LOG_VIEW_LIMIT;
  const open = (m: LogMatch) => setHistory({ index: m.index, ts: m.ts });

  return (
    <>
      <div className="toolbar">
        <strong data-testid="logs-title">{view.title}</strong>
        <span className={`pill logs-${stateKey}`} data-testid="logs-state" data-state={stateKey}>
          {t(`state_${stateKey}`)}
        </span>
        <span className="muted" data-testid="logs-count">
          {isFiltered(filter) ? t('shownOf', { shown: filtered.length, count: view.lines.length }) : t('lines', { count: view.lines.length })}
          {full ? ` (${t('newestOnly', { limit: LOG_VIEW_LIMIT })})` : ''}
        </span>
        {view.message && (
          <span className={view.state === 'failed' ? 'error' : 'muted'} data-testid="logs-message">
            {view.message}
          </span>
        )}
        <span className="spacer" />
        {following ? (
          <button type="button" onClick={() => follow(false)} title={t('pauseTitle')} data-testid="log-pause">
            {t('pause')}
          </button>
        ) : (
          <button type="button" onClick={() => follow(true)} title={t('followTitle')} data-testid="log-follow">
            {t('follow')}
          </button>
        )}
        <label title={t('wrapTitle')}>
          <input type="checkbox" checked={display.wrap} onChange={(e) => setDisplay({ ...display, wrap: e.target.checked })} data-testid="log-wrap" />
          {t('wrap')}
        </label>
        <label title={t('timestampsTitle')}>
          <input type="checkbox" checked={display.showTime} onChange={(e) => setDisplay({ ...display, showTime: e.target.checked })} data-testid="log-timestamps" />
          {t('timestamps')}
        </label>
        <LogExport scope={scope} />
      </div>
      <LogFilters filter={filter} services={view.services} onChange={setFilter} />
      <LogSearch scope={scope} showTime={display.showTime} onQuery={setQuery} onOpen={open} />
      {history && (
        <LogHistory
          scope={scope}
          target={history}
          showTime={display.showTime}
          wrap={display.wrap}
          query={query ?? undefined}
          onClose={() => setHistory(null)}
        />
      )}
      <div className="log-live" hidden={history !== null}>
        {filtered.length === 0 && view.lines.length > 0 && <div className="log-empty muted">{t('noLinesShown')}</div>}
        <LogList
          lines={filtered}
          version={view.version}
          wrap={display.wrap}
          showTime={display.showTime}
          query={query ?? undefined}
          following={following}
          onFollowingChange={follow}
        />
        {!following && (
          <button type="button" className="log-jump" onClick={() => follow(true)} data-testid="log-jump-latest" data-new-lines={newLines}>
            {t('newLines', { count: newLines })}
          </button>
        )}
      </div>
    </>
  );
}
