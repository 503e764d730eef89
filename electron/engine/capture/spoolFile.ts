// One spooled log stream, a file in the capture's spool folder. Writes wait under back-pressure
// but never on a file that failed: waiting for 'drain' from a stream the disk had already broken
// was a wait for ever, and with nothing else to do Node ended `down` with exit 13 and not a word.
// A full disk is remembered rather than thrown, and the recorder goes on counting the log, so
// the error can say how many bytes the capture needed.

import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { isDiskFull } from '../files/fsReason.ts';
import type { LogSink } from './logDemux.ts';

export class SpoolFile implements LogSink {
  private readonly out;
  private failure: unknown;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { flags: 'wx' });
    // Always listened to: an error between two writes must not go unhandled either.
    this.out.on('error', (e) => (this.failure ??= e));
  }

  /** The disk filled while spooling: the rest of the log was counted, not written. */
  get full(): boolean {
    return isDiskFull(this.failure);
  }

  /** Bytes the file took. */
  get bytesWritten(): number {
    return this.out.bytesWritten;
  }

  async write(piece: Buffer): Promise<void> {
    this.check();
    if (this.full || this.out.write(piece)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    this.check();
  }

  /** Flushes and closes; throws what went wrong, except a full disk (see `full`). */
  async close(): Promise<void> {
    if (!this.out.destroyed) this.out.end();
    await finished(this.out).catch(() => {});
    this.check();
  }

  private check(): void {
    if (this.failure !== undefined && !this.full) throw this.failure;
  }
}
