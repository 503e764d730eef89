// Search over the whole history, not only the lines in view: the engine reads every line of the
// source (live containers or a capture archive) and returns the matches.

import { type FormEvent, useState } from 'react';
import type { LogSource, SearchLogsResult } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';
import { LogRow } from './LogRow.tsx';

const MATCH_LIMIT = 1000;

export function LogSearch({ source }: { source: LogSource }) {
  const client = useApp((s) => s.client);
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SearchLogsResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!client || !pattern) return;
    if (regex) {
      try {
        new RegExp(pattern);
      } catch (err) {
        setError(`not a regular expression: ${errorMessage(err)}`);
        setResult(null);
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await client.searchLogs({ source, pattern, regex, caseSensitive, limit: MATCH_LIMIT }));
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="log-search">
      <form className="toolbar" onSubmit={search}>
        <input
          type="search"
          placeholder="Search the whole history"
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
          data-testid="log-search-input"
        />
        <label title="Regular expression">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} data-testid="log-search-regex" /> .*
        </label>
        <label title="Match case">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} data-testid="log-search-case" /> Aa
        </label>
        <button type="submit" disabled={busy || !pattern || !client} data-testid="log-search-button">
          {busy ? 'Searching…' : 'Search'}
        </button>
        {result && (
          <>
            <span className="muted" data-testid="log-search-summary">
              {result.matches.length} matches in {result.scanned} lines{result.truncated ? ` (first ${MATCH_LIMIT} shown)` : ''}
            </span>
            <button type="button" onClick={() => setResult(null)}>
              Clear
            </button>
          </>
        )}
        {error && (
          <span className="error" data-testid="log-search-error">
            {error}
          </span>
        )}
      </form>
      {result && result.matches.length > 0 && (
        <div className="log-matches" data-testid="log-search-results">
          {result.matches.map((line, i) => (
            <LogRow key={i} line={line} />
          ))}
        </div>
      )}
    </div>
  );
}
