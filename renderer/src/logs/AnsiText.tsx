import { memo } from 'react';
import { parseAnsi } from './ansi.ts';
import { type SearchQuery, highlightSegments, matchRanges } from './searchMatch.ts';

/**
 * One log line's text with its colours; escape codes never reach the page as text. With a query,
 * its matches are marked (<mark>), found in the text as shown.
 */
export const AnsiText = memo(function AnsiText({ text, query }: { text: string; query?: SearchQuery }) {
  const segments = parseAnsi(text);
  const parts = query ? highlightSegments(segments, matchRanges(segments.map((s) => s.text).join(''), query)) : segments;
  return (
    <>
      {parts.map((s, i) => {
        const body = s.className ? (
          <span key={i} className={s.className}>
            {s.text}
          </span>
        ) : (
          s.text
        );
        return 'mark' in s && s.mark ? (
          <mark key={i} className="log-hit" data-testid="log-hit">
            {body}
          </mark>
        ) : (
          body
        );
      })}
    </>
  );
});
