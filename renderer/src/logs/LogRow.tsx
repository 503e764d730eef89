import { memo } from 'react';
import type { LogLine } from '../../../shared/api/logs.ts';
import { AnsiText } from './AnsiText.tsx';
import { serviceColourClass } from './serviceColour.ts';

/** HH:MM:SS.mmm of the engine's RFC 3339 timestamp (UTC, as the engine wrote it). */
function shortTime(ts: string): string {
  const t = ts.indexOf('T');
  return t < 0 ? ts : ts.slice(t + 1, t + 13);
}

export const LogRow = memo(function LogRow({ line, top }: { line: LogLine; top?: number }) {
  const err = line.stream === 'stderr' && !line.marker;
  return (
    <div
      className={line.marker ? 'log-row log-marker' : err ? 'log-row log-stderr' : 'log-row'}
      style={top === undefined ? undefined : { top }}
      data-testid="log-line"
      data-service={line.service}
      data-stream={line.marker ? 'marker' : line.stream}
      title={line.ts}
    >
      <span className="log-time">{shortTime(line.ts)}</span>
      <span className={`log-service ${serviceColourClass(line.service)}`}>{line.service}</span>
      <span className="log-mark" aria-label={err ? 'stderr' : undefined}>
        {err ? 'err' : ''}
      </span>
      <span className="log-text">
        <AnsiText text={line.text} />
      </span>
    </div>
  );
});
