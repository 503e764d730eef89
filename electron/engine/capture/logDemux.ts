// Splits the engine's log stream into stdout and stderr as it arrives, with back-pressure: a
// chunk is acknowledged only once both outputs took it, so a log of hundreds of MB never sits in
// memory. Non-TTY logs are frames (docker/frameDemuxer.ts); a TTY container's log is raw, all stdout.

import { createHash, type Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { FrameDemuxer, type FrameStream } from '../docker/frameDemuxer.ts';

const NEWLINE = 0x0a;

/** Where a recorder hands the bytes on; resolves when it may be given more. */
export interface LogSink {
  write(piece: Buffer): Promise<void>;
}

/** Counts, hashes and (optionally) writes one stream's payload bytes, exactly as received. */
export class StreamRecorder {
  bytes = 0;
  private newlines = 0;
  private lastByte = -1;
  private readonly hash: Hash = createHash('sha256');
  /** Offsets in the output just after each entry the engine split at 16 KiB (no final "\n"). */
  readonly partialEnds: number[] = [];

  constructor(private readonly out?: LogSink) {}

  async write(piece: Buffer): Promise<void> {
    if (piece.length === 0) return;
    this.bytes += piece.length;
    this.hash.update(piece);
    for (let i = piece.indexOf(NEWLINE); i >= 0; i = piece.indexOf(NEWLINE, i + 1)) this.newlines++;
    this.lastByte = piece[piece.length - 1];
    if (this.out) await this.out.write(piece);
  }

  /** The entry that just ended had no newline: it is the first part of a longer line. */
  entryEnded(lastByte: number): void {
    if (lastByte !== NEWLINE && lastByte >= 0) this.partialEnds.push(this.bytes);
  }

  /** Lines: every "\n", plus an unterminated last line. */
  get lines(): number {
    return this.newlines + (this.bytes > 0 && this.lastByte !== NEWLINE ? 1 : 0);
  }

  digest(): string {
    return this.hash.copy().digest('hex');
  }
}

export class LogDemuxer extends Writable {
  private readonly frames = new FrameDemuxer();

  constructor(
    private readonly stdout: StreamRecorder,
    private readonly stderr: StreamRecorder,
    private readonly tty: boolean,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.consume(chunk).then(() => done(), done);
  }

  override _final(done: (e?: Error | null) => void): void {
    if (!this.tty && this.frames.midFrame) done(new Error('the log stream ended in the middle of a frame'));
    else done();
  }

  private async consume(chunk: Buffer): Promise<void> {
    if (this.tty) return this.stdout.write(chunk);
    // Frames are at most 16 KiB plus a timestamp, so collecting one chunk's worth is bounded.
    const found: [FrameStream, Uint8Array][] = [];
    this.frames.push(chunk, (stream, payload) => found.push([stream, payload]));
    for (const [stream, payload] of found) {
      const target = stream === 'stderr' ? this.stderr : this.stdout;
      await target.write(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
      target.entryEnded(payload.length ? payload[payload.length - 1] : -1);
    }
  }
}
