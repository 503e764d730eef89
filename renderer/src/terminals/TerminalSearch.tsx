// The search bar of a terminal: finds in the screen and scrollback as you type (search addon),
// Enter / Shift+Enter step through matches, the count says where you are, Escape closes and gives
// the keys back to the shell.

import { useEffect, useRef, useState } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import { useT } from '../i18n/useT.ts';
import type { Screen } from './TerminalView.tsx';

const DECORATIONS: ISearchOptions['decorations'] = {
  matchBackground: '#5a4a1a',
  matchOverviewRuler: '#d9b44a',
  activeMatchBackground: '#c98a1a',
  activeMatchBorder: '#ffd27a',
  activeMatchColorOverviewRuler: '#ffd27a',
};

/** The addon highlights at most this many matches (its default); more are counted as "more than". */
const HIGHLIGHT_LIMIT = 1000;

export function TerminalSearch({ screen, onClose }: { screen: Screen; onClose(): void }) {
  const t = useT('terminals');
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [regex, setRegex] = useState(false);
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const { search } = screen;

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
    const sub = search.onDidChangeResults((r) => setResults({ index: r.resultIndex, count: r.resultCount }));
    return () => {
      sub.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const options = (incremental: boolean): ISearchOptions => ({ caseSensitive, regex, incremental, decorations: DECORATIONS });
  const find = (backwards: boolean, incremental = false) => {
    if (!text) {
      search.clearDecorations();
      setResults(null);
      return;
    }
    try {
      if (backwards) search.findPrevious(text, options(incremental));
      else search.findNext(text, options(incremental));
    } catch {
      // A regular expression still being typed ("a(") is not an error worth a message yet.
      setResults({ index: -1, count: 0 });
    }
  };

  // As you type: from the current match, so the view does not jump to the next one.
  useEffect(() => find(false, true), [text, caseSensitive, regex]);

  const count =
    !text || !results ? '' : results.count === 0 ? t('searchNone') : results.count >= HIGHLIGHT_LIMIT ? t('searchMany', { count: HIGHLIGHT_LIMIT }) : t('searchCount', { index: results.index + 1, count: results.count });

  return (
    <div className="terminal-bar terminal-search" role="search" data-testid="terminal-search">
      <input
        ref={input}
        type="search"
        aria-label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(e.shiftKey);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
        data-testid="terminal-search-input"
      />
      <span className="muted terminal-search-count" aria-live="polite" data-testid="terminal-search-count">
        {count}
      </span>
      <label className="check">
        <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
        {t('searchCase')}
      </label>
      <label className="check">
        <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
        {t('searchRegex')}
      </label>
      <button type="button" title={t('searchPrevious')} aria-label={t('searchPrevious')} onClick={() => find(true)} data-testid="terminal-search-previous">
        ↑
      </button>
      <button type="button" title={t('searchNext')} aria-label={t('searchNext')} onClick={() => find(false)} data-testid="terminal-search-next">
        ↓
      </button>
      <button type="button" className="close" title={t('searchClose')} aria-label={t('searchClose')} onClick={onClose} data-testid="terminal-search-close">
        ×
      </button>
    </div>
  );
}
