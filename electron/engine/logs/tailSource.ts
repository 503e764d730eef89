// `tail` for a capture: the last N lines of a service, over its stdout and stderr together. The
// engine does this itself for live containers; an archive can only be read front to back, so the
// service's streams are merged and only the last N lines kept (N lines in memory, no more).

import type { LogLine } from '../../../shared/api/logs.ts';
import type { LineSink, LineSource } from './lineSource.ts';
import { LogMerger } from './logMerger.ts';

export class TailSource implements LineSource {
  readonly service: string;
  private readonly merger: LogMerger;
  /** A circular buffer: `next` is where the oldest line is once it is full. */
  private readonly ring: LogLine[] = [];
  private next = 0;
  private sink?: LineSink;

  constructor(sources: LineSource[], private readonly n: number) {
    this.service = sources[0]?.service ?? '';
    this.merger = new LogMerger(sources, {
      line: (l) => {
        if (this.n === 0) return;
        if (this.ring.length < this.n) this.ring.push(l);
        else {
          this.ring[this.next] = l;
          this.next = (this.next + 1) % this.n;
        }
      },
      caughtUp: () => {},
      notice: (_s, m) => this.sink?.notice(m),
      end: (error) => {
        if (error !== undefined) return this.sink?.end(error);
        for (const l of [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)]) this.sink?.line(l);
        this.sink?.end();
      },
    });
  }

  start(sink: LineSink): void {
    this.sink = sink;
    this.merger.start();
  }

  setPaused(paused: boolean): void {
    if (paused) this.merger.pause();
    else this.merger.resume();
  }

  dispose(): void {
    this.merger.dispose();
  }
}
