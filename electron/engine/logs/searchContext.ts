// What searchLogs keeps while the history streams by: the matches (at most `limit`), each with
// up to `context` lines before and after it. Only the last `context` lines are held for the
// "before" part; a match's "after" part fills from the lines that follow. Pure: fed line by line.

import type { LogLine, LogMatch } from '../../../shared/api/logs.ts';
import type { LineMatcher } from './logParams.ts';

export class SearchCollector {
  readonly matches: LogMatch[] = [];
  /** A match beyond the limit was seen. */
  truncated = false;
  /** Lines looked at before the match beyond the limit (or all of them). */
  scanned = 0;
  private readonly recent: LogLine[] = [];
  /** Matches whose "after" lines are still coming. */
  private open: LogMatch[] = [];

  constructor(
    private readonly matches_: LineMatcher,
    private readonly limit: number,
    private readonly context: number,
  ) {}

  /** 'stop' when nothing more is needed: past the limit, and every match has its context. */
  add(line: LogLine, index: number): 'stop' | void {
    if (this.open.length) {
      for (const m of this.open) m.after!.push(line);
      this.open = this.open.filter((m) => m.after!.length < this.context);
    }
    if (!this.truncated) {
      if (this.matches_(line.text)) {
        if (this.matches.length < this.limit) {
          const m: LogMatch = { ...line, index, ...(this.context ? { before: [...this.recent], after: [] } : {}) };
          this.matches.push(m);
          if (this.context) this.open.push(m);
        } else {
          this.truncated = true;
        }
      }
      if (!this.truncated) this.scanned++;
    }
    if (this.context) {
      this.recent.push(line);
      if (this.recent.length > this.context) this.recent.shift();
    }
    if (this.truncated && this.open.length === 0) return 'stop';
  }
}
