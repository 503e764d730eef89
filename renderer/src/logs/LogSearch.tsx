// Search over the whole history, not only the lines in view: the engine reads every line of the
// source (live containers or a capture archive) under the view's filters and returns the matches,
// each with its position in the history and lines of context. Matches are highlighted; Enter and
// Shift+Enter step through them (a changed pattern searches again); a click on a match opens the
// history around it (LogHistory, paged from the engine).

import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { LogFilter, LogMatch, LogSource, SearchLogsResult } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { LogRow } from './LogRow.tsx';
import { type SearchQuery, stepResult } from './searchMatch.ts';

const MATCH_LIMIT = 1000;
const CONTEXT_CHOICES = [0, 2, 5, 10] as const;

interface Props {
  /** The source and filters of the view, as contract parameters. */
  scope: { source: LogSource } & LogFilter;
  showTime: boolean;
  /** The query whose results are shown (null: none), for highlighting elsewhere. */
  onQuery(q: SearchQuery | null): void;
  onOpen(match: LogMatch): void;
}

export function LogSearch({ scope, showTime, onQuery, onOpen }: Props) {
  const t = useT('logs');
  const client = useApp((s) => s.client);
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [context, setContext] = useState<number>(2);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ query: SearchQuery; context: number; scope: string; r: SearchLogsResult } | null>(null);
  const [current, setCurrent] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const scopeKey = JSON.stringify(scope);

  const run = async () => {
    if (!client || !pattern || busy) return;
    if (regex) {
      try {
        new RegExp(pattern);
      } catch (err) {
        setError(t('notRegex', { message: errorMessage(err) }));
        setResult(null);
        onQuery(null);
        return;
      }
    }
    setBusy(true);
    setError(null);
    const query = { pattern, regex, caseSensitive };
    try {
      const r = await client.searchLogs({ ...scope, pattern, regex, caseSensitive, limit: MATCH_LIMIT, context });
      setResult({ query, context, scope: scopeKey, r });
      setCurrent(r.matches.length ? 0 : -1);
      onQuery(query);
    } catch (err) {
      setResult(null);
      onQuery(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    setResult(null);
    setCurrent(-1);
    onQuery(null);
  };

  const stale =
    !result ||
    result.query.pattern !== pattern ||
    result.query.regex !== regex ||
    result.query.caseSensitive !== caseSensitive ||
    result.context !== context ||
    result.scope !== scopeKey;

  const step = (direction: 1 | -1) => {
    if (!result) return;
    setCurrent((c) => stepResult(c, result.r.matches.length, direction));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (stale) void run();
    else step(e.shiftKey ? -1 : 1);
  };

  // The current match is brought into sight in the results.
  useEffect(() => {
    list.current?.querySelector('.log-result.current')?.scrollIntoView({ block: 'nearest' });
  }, [current, result]);

  const matches = result?.r.matches ?? [];
  return (
    <div className="log-search">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <input
          type="search"
          placeholder={t('searchPlaceholder')}
          aria-label={t('searchLabel')}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
          onKeyDown={onKeyDown}
          data-testid="log-search-input"
        />
        <label title={t('regexTitle')}>
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} data-testid="log-search-regex" /> .*
        </label>
        <label title={t('caseTitle')}>
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} data-testid="log-search-case" /> Aa
        </label>
        <label title={t('contextTitle')}>
          {t('contextLabel')}
          <select value={context} onChange={(e) => setContext(Number(e.target.value))} data-testid="log-search-context">
            {CONTEXT_CHOICES.map((n) => (
              <option key={n} value={n}>
                ±{n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !pattern || !client} data-testid="log-search-button">
          {busy ? t('searching') : t('search')}
        </button>
        {result && (
          <>
            <span className="muted" data-testid="log-search-summary" data-scanned={result.r.scanned}>
              {t('matches', { count: matches.length, scanned: result.r.scanned })}
              {result.r.truncated ? ` ${t('firstShown', { limit: MATCH_LIMIT })}` : ''}
            </span>
            {matches.length > 0 && (
              <span className="log-search-step">
                <button type="button" onClick={() => step(-1)} title={t('previous')} aria-label={t('previous')} data-testid="log-search-previous">
                  ↑
                </button>
                <span className="muted" data-testid="log-search-position">
                  {t('position', { current: current + 1, count: matches.length })}
                </span>
                <button type="button" onClick={() => step(1)} title={t('next')} aria-label={t('next')} data-testid="log-search-next">
                  ↓
                </button>
              </span>
            )}
            <button type="button" onClick={clear} data-testid="log-search-clear">
              {t('clear')}
            </button>
          </>
        )}
        {error && (
          <span className="error" data-testid="log-search-error">
            {error}
          </span>
        )}
      </form>
      {result && matches.length > 0 && (
        <div className="log-matches" ref={list} data-testid="log-search-results">
          {matches.map((m, i) => (
            <div
              key={m.index}
              className={i === current ? 'log-result current' : 'log-result'}
              data-testid="log-search-result"
              data-index={m.index}
              data-current={i === current}
              title={t('openInHistory')}
              // The whole result is a click target for the mouse; the keyboard has its button.
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('.log-copy')) return;
                setCurrent(i);
                onOpen(m);
              }}
            >
              <button
                type="button"
                className="log-open"
                aria-label={t('openInHistory')}
                onClick={(e) => {
                  e.stopPropagation();
                  setCurrent(i);
                  onOpen(m);
                }}
                data-testid="log-search-open"
              >
                ↗
              </button>
              {m.before?.map((l, j) => <LogRow key={`b${j}`} line={l} showTime={showTime} className="log-context" testId="log-context-line" />)}
              <LogRow line={m} showTime={showTime} query={result.query} className="log-match" testId="log-search-match" position={m.index} />
              {m.after?.map((l, j) => <LogRow key={`a${j}`} line={l} showTime={showTime} className="log-context" testId="log-context-line" />)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
