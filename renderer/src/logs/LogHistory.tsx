// The history around one line (a search match): a page of lines read from the engine (logPage),
// with Earlier and Later reading the pages before and after. The page holds at most MAX_KEPT
// lines, dropping those at the far end, so a history of millions of lines costs no more here.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogFilter, LogLine, LogSource } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { LogRow } from './LogRow.tsx';
import type { SearchQuery } from './searchMatch.ts';

const AROUND = 100;
const PAGE = 200;
const MAX_KEPT = 1000;

export interface HistoryTarget {
  /** Position of the line in the history under `scope`'s filters. */
  index: number;
  ts: string;
}

interface Props {
  scope: { source: LogSource } & LogFilter;
  target: HistoryTarget;
  showTime: boolean;
  wrap: boolean;
  query?: SearchQuery;
  onClose(): void;
}

interface Page {
  first: number;
  lines: LogLine[];
  atEnd: boolean;
}

export function LogHistory({ scope, target, showTime, wrap, query, onClose }: Props) {
  const t = useT('logs');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const [page, setPage] = useState<Page | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  /** After a page is prepended, keep the lines in view where they were. */
  const keep = useRef<{ height: number; top: number } | null>(null);
  const centred = useRef(false);

  const read = async (anchor: number, before: number, after: number) => {
    if (!client) return null;
    setBusy(true);
    setError(null);
    try {
      return await client.logPage({ ...scope, anchor: { index: anchor }, before, after });
    } catch (e) {
      setError(errorMessage(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    centred.current = false;
    void read(target.index, AROUND, AROUND + 1).then((r) => r && setPage({ first: r.first, lines: r.lines, atEnd: r.atEnd }));
  }, [client, target.index, JSON.stringify(scope)]);

  const earlier = async () => {
    if (!page || page.first === 0) return;
    const r = await read(page.first, PAGE, 0);
    if (!r) return;
    const el = box.current;
    if (el) keep.current = { height: el.scrollHeight, top: el.scrollTop };
    const lines = [...r.lines, ...page.lines];
    setPage({ first: r.first, lines: lines.slice(0, MAX_KEPT), atEnd: lines.length > MAX_KEPT ? false : page.atEnd });
  };

  const later = async () => {
    if (!page || page.atEnd) return;
    const r = await read(page.first + page.lines.length, 0, PAGE);
    if (!r) return;
    const lines = [...page.lines, ...r.lines];
    const drop = Math.max(0, lines.length - MAX_KEPT);
    setPage({ first: page.first + drop, lines: lines.slice(drop), atEnd: r.atEnd });
  };

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !page) return;
    if (!centred.current) {
      centred.current = true;
      el.querySelector('.log-target')?.scrollIntoView({ block: 'center' });
    } else if (keep.current) {
      el.scrollTop = keep.current.top + (el.scrollHeight - keep.current.height);
      keep.current = null;
    }
  }, [page]);

  const last = page ? page.first + page.lines.length : 0;
  return (
    <div className="log-history" data-testid="log-history" data-target={target.index}>
      <div className="toolbar">
        <strong>{t('historyTitle', { time: formatDateTime(lang, target.ts) })}</strong>
        {page && (
          <span className="muted" data-testid="log-history-range">
            {t('historyRange', { first: page.first + 1, last })}
          </span>
        )}
        {busy && <span className="muted">{t('historyLoading')}</span>}
        {error && (
          <span className="error" data-testid="log-history-error">
            {error}
          </span>
        )}
        <span className="spacer" />
        <button type="button" onClick={onClose} data-testid="log-history-close">
          {t('historyBack')}
        </button>
      </div>
      <div className={wrap ? 'log-history-lines log-wrap' : 'log-history-lines'} ref={box} data-testid="log-history-lines">
        {page && (
          <button type="button" className="log-page" disabled={busy || page.first === 0} onClick={() => void earlier()} data-testid="log-history-earlier">
            {page.first === 0 ? t('historyStart') : `↑ ${t('historyEarlier')}`}
          </button>
        )}
        {page?.lines.map((l, i) => {
          const at = page.first + i;
          return (
            <LogRow
              key={at}
              line={l}
              position={at}
              showTime={showTime}
              query={query}
              className={at === target.index ? 'log-target' : undefined}
              testId="log-history-line"
            />
          );
        })}
        {page && (
          <button type="button" className="log-page" disabled={busy || page.atEnd} onClick={() => void later()} data-testid="log-history-later">
            {page.atEnd ? t('historyEnd') : `↓ ${t('historyLater')}`}
          </button>
        )}
      </div>
    </div>
  );
}
