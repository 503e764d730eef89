// Merges the lines of several sources (the containers of a stack, or the streams of a capture)
// into one sequence: first the history of all of them in time order, then `caughtUp`, then live
// lines as they come. While some source's history is still coming, the merge cannot know what is
// earliest, so it waits for every such source to have a line queued (or to be done). Each source
// queues a bounded number of lines and is paused beyond that; pause() from the consumer pauses
// them all. So memory stays bounded whatever the size of the logs.

import type { LogLine } from '../../../shared/api/logs.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';
import type { LineSource } from './lineSource.ts';
import { earliest, mergeByTime } from './mergeByTime.ts';

export interface MergeOutput {
  line(line: LogLine): void;
  /** Every source's history is delivered. */
  caughtUp(): void;
  notice(service: string, message: string): void;
  /** Every source ended (or one failed); not called after dispose(). */
  end(error?: unknown): void;
}

/** Lines one source may have queued before it is paused. */
export const QUEUE_LINES = 512;

interface Input {
  source: LineSource;
  history: LogLine[];
  /** Lines that came after the source's history, held until every source has caught up. */
  live: LogLine[];
  historyDone: boolean;
  ended: boolean;
  paused: boolean;
}

export class LogMerger {
  private readonly inputs: Input[];
  private isLive = false;
  private paused = false;
  /** Every source, closed together (one that fails to close does not keep the others open). */
  private readonly sources = new DisposableStore('a log merge');
  private pumping = false;

  private started = false;

  constructor(
    sources: LineSource[],
    private readonly out: MergeOutput,
    private readonly queueLines = QUEUE_LINES,
    /** Keep going when every source has ended (a follow that picks up new sources later). */
    private readonly keepOpen = false,
  ) {
    this.inputs = sources.map((source) => ({ source: this.sources.add(source), history: [], live: [], historyDone: false, ended: false, paused: false }));
  }

  private get finished(): boolean {
    return this.sources.isDisposed;
  }

  start(): void {
    this.started = true;
    for (const input of this.inputs) this.startInput(input);
    this.pump();
  }

  /**
   * A source that appeared after the merge began (a new container of a followed stack). Once the
   * merge is live its lines pass straight through; before that its history is merged in like
   * every other source's.
   */
  add(source: LineSource): void {
    this.sources.add(source); // disposed at once if the merge is over
    if (this.finished) return;
    const input: Input = { source, history: [], live: [], historyDone: false, ended: false, paused: false };
    this.inputs.push(input);
    if (this.started) {
      this.startInput(input);
      this.pump();
    }
  }

  private startInput(input: Input): void {
    input.source.start({
      line: (l) => this.onLine(input, l),
      historyDone: () => {
        input.historyDone = true;
        this.pump();
      },
      notice: (message) => {
        if (!this.finished) this.out.notice(input.source.service, message);
      },
      end: (error) => {
        if (this.finished) return;
        if (error !== undefined) return this.stop(error);
        input.ended = true;
        input.historyDone = true;
        this.pump();
      },
    });
  }

  pause(): void {
    this.paused = true;
    this.updatePauses();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** The consumer is gone: close every source, say nothing more. */
  dispose(): void {
    void this.sources.dispose();
  }

  private onLine(input: Input, line: LogLine): void {
    if (this.finished) return;
    if (this.isLive) {
      this.out.line(line);
      return;
    }
    (input.historyDone ? input.live : input.history).push(line);
    this.pump();
  }

  private pump(): void {
    if (this.finished || this.pumping) return;
    this.pumping = true;
    try {
      while (!this.isLive && !this.paused && !this.finished) {
        if (this.inputs.some((x) => !x.historyDone && x.history.length === 0)) break;
        const i = earliest(this.inputs.map((x) => x.history[0]?.ts));
        if (i < 0) {
          this.goLive();
          break;
        }
        this.out.line(this.inputs[i].history.shift() as LogLine);
      }
      if (this.isLive && !this.finished && !this.keepOpen && this.inputs.every((x) => x.ended)) this.stop();
    } finally {
      this.pumping = false;
    }
    this.updatePauses();
  }

  private goLive(): void {
    this.isLive = true;
    this.out.caughtUp();
    // What came in while waiting for the slowest source, in time order across sources.
    const held = mergeByTime(
      this.inputs.map((x) => x.live),
      (l) => l.ts,
    );
    for (const x of this.inputs) x.live = [];
    for (const l of held) {
      if (this.finished) return;
      this.out.line(l);
    }
  }

  private stop(error?: unknown): void {
    this.dispose();
    this.out.end(error);
  }

  private updatePauses(): void {
    if (this.finished) return;
    for (const x of this.inputs) {
      const want = !x.ended && (this.paused || x.history.length + x.live.length >= this.queueLines);
      if (want !== x.paused) {
        x.paused = want;
        x.source.setPaused(want);
      }
    }
  }
}
