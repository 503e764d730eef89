import { memo, useState } from 'react';
import type { LogLine } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { formatTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { AnsiText } from './AnsiText.tsx';
import { copyLine } from './copyText.ts';
import type { SearchQuery } from './searchMatch.ts';
import { serviceColourClass } from './serviceColour.ts';

/** Two sheets: drawn here, as no font on every machine has a copy glyph. */
function CopyIcon() {
  return (
    <svg width="11" height="11" viewBox="0 0 11 11" aria-hidden="true" focusable="false">
      <rect x="3.5" y="0.5" width="7" height="7" rx="1" fill="none" stroke="currentColor" />
      <path d="M2 3H1.5a1 1 0 0 0-1 1v5.5a1 1 0 0 0 1 1H7a1 1 0 0 0 1-1V9" fill="none" stroke="currentColor" />
    </svg>
  );
}

export interface RowOptions {
  showTime: boolean;
  /** Marks the query's matches in the text. */
  query?: SearchQuery;
}

interface Props extends RowOptions {
  line: LogLine;
  /** Position in a virtual list; absent in a plain list (search results, history). */
  top?: number;
  /** Extra class: `log-context`, `log-target`. */
  className?: string;
  testId?: string;
  /** Sequence number or history position, for tests and keys. */
  position?: number;
}

/**
 * One line, never cut: its full text is in the row (wrapped or scrolled sideways by the list),
 * and the copy button puts all of it on the clipboard.
 */
export const LogRow = memo(function LogRow({ line, top, showTime, query, className, testId = 'log-line', position }: Props) {
  const t = useT('logs');
  const lang = useLanguage();
  const [copied, setCopied] = useState<'yes' | string | null>(null);
  const err = line.stream === 'stderr' && !line.marker;
  const classes = ['log-row', line.marker ? 'log-marker' : err ? 'log-stderr' : '', className ?? ''].filter(Boolean).join(' ');
  const copy = () => {
    copyLine(line.text).then(
      () => setCopied('yes'),
      (e) => setCopied(t('copyFailed', { message: errorMessage(e) })),
    );
    setTimeout(() => setCopied(null), 1500);
  };
  return (
    <div
      className={classes}
      style={top === undefined ? undefined : { top }}
      data-testid={testId}
      data-service={line.service}
      data-stream={line.marker ? 'marker' : line.stream}
      data-position={position}
      title={line.ts}
    >
      <button
        type="button"
        className="log-copy"
        onClick={copy}
        aria-label={t('copyLine')}
        title={copied && copied !== 'yes' ? copied : t('copyLine')}
        data-testid="log-copy"
        data-copied={copied === 'yes' ? 'true' : undefined}
      >
        {copied === 'yes' ? '✓' : <CopyIcon />}
      </button>
      {showTime && <span className="log-time">{formatTime(lang, line.ts)}</span>}
      <span className={`log-service ${serviceColourClass(line.service)}`}>{line.service}</span>
      <span className="log-mark" aria-label={err ? t('errMarkLabel') : undefined}>
        {err ? t('errMark') : ''}
      </span>
      <span className="log-text" data-testid="log-text">
        <AnsiText text={line.text} query={query} />
      </span>
    </div>
  );
});
