// The one line format of every export, a file written by the engine or a download in the page:
// text as `branchyard logs --timestamps` prints it, or JSON lines for tools (jq, a log shipper).

import type { LogExportFormat, LogLine } from '../../../shared/api/logs.ts';

export function exportLine(l: LogLine, format: LogExportFormat = 'text'): string {
  if (format === 'jsonl') {
    return `${JSON.stringify({ ts: l.ts, service: l.service, stream: l.stream, text: l.text, ...(l.marker ? { marker: true } : {}) })}\n`;
  }
  return `${l.ts} ${l.service} ${l.stream} ${l.text}\n`;
}
