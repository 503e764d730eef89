// The one line format of every export, a file written by the engine or a download in the page.

import type { LogLine } from '../../../shared/api/logs.ts';

export function exportLine(l: LogLine): string {
  return `${l.ts} ${l.service} ${l.stream} ${l.text}\n`;
}
