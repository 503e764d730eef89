// The lines of the view's ring buffer that pass its filter, kept up to date incrementally: each
// redraw looks only at lines pushed since the last one, and forgets those the buffer dropped.
// Lines are named by their sequence number since the view opened (buffer.dropped + index), which
// never changes while older lines drop, so a scrolled view can stay on "its" line.

import type { LogLine } from '../../../shared/api/logs.ts';
import type { RingBuffer } from './ringBuffer.ts';

export class FilteredLines {
  /** Sequence numbers of the lines that pass, oldest first, from `head` on. */
  private seqs: number[] = [];
  private head = 0;
  /** The next sequence number to look at. */
  private next = 0;
  /** Lines that ever passed: the difference between two readings is "new lines". */
  appended = 0;

  constructor(
    private readonly buffer: RingBuffer<LogLine>,
    private readonly pass: (line: LogLine) => boolean,
  ) {
    this.update();
  }

  /** Catches up with the buffer; call before reading after it changed. */
  update(): void {
    const b = this.buffer;
    const firstKept = b.dropped;
    while (this.head < this.seqs.length && this.seqs[this.head] < firstKept) this.head++;
    // Compact now and then, so the dropped prefix does not grow for ever.
    if (this.head > 4096 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    const end = b.dropped + b.length;
    for (let seq = Math.max(this.next, firstKept); seq < end; seq++) {
      if (this.pass(b.at(seq - firstKept) as LogLine)) {
        this.seqs.push(seq);
        this.appended++;
      }
    }
    this.next = end;
  }

  get length(): number {
    return this.seqs.length - this.head;
  }

  seqAt(i: number): number {
    return this.seqs[this.head + i];
  }

  at(i: number): LogLine | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.buffer.at(this.seqAt(i) - this.buffer.dropped);
  }

  /** The index of `seq`, or of the first line after it (length when none). */
  indexOf(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }
}
