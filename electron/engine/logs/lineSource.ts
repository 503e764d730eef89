// What the merger needs of one input: a container's log on the engine, or one stream of one
// service in a capture archive. Sources push; the merger pauses them when it is not keeping up.

import type { LogLine } from '../../../shared/api/logs.ts';

export interface LineSink {
  line(line: LogLine): void;
  /** The history of this source is delivered: the lines after this are live. */
  historyDone(): void;
  notice(message: string): void;
  /** No more lines; with an error, the whole merge fails. */
  end(error?: unknown): void;
}

export interface LineSource {
  readonly service: string;
  start(sink: LineSink): void;
  /** Stops reading from the engine or the file (the HTTP response or file stream is paused). */
  setPaused(paused: boolean): void;
  /** Closes whatever the source has open; idempotent. */
  dispose(): void;
}
