// Writes one tar.gz as a stream: tar-stream packs one entry at a time, gzip compresses, the file
// handle of the `.partial` file receives it, all under back-pressure. Each entry is hashed while
// it passes, so the manifest's sha256 is of exactly the bytes that went into the archive.
// After a failure the file stream is waited on before the caller may close the descriptor: a
// write still in flight on a closed (and maybe reused) descriptor could land in another file.

import { createHash } from 'node:crypto';
import { type WriteStream, createWriteStream, fsync } from 'node:fs';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

/** A ustar header holds sizes up to 8 GiB - 1; tar-stream writes no pax size for larger ones. */
export const MAX_ENTRY_BYTES = 8 * 1024 ** 3 - 1;

export interface WrittenEntry {
  bytes: number;
  sha256: string;
}

export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly done: Promise<void>;
  private readonly out: WriteStream;
  private failed: unknown;
  /** Compressed bytes handed to the file so far (what the disk was asked to take). */
  bytesOffered = 0;

  constructor(
    /** An open file descriptor; the caller closes it. (A FileHandle's stream with autoClose off
     * keeps FileHandle.close() from ever settling on Node 20, so a plain descriptor is used.) */
    private readonly fd: number,
    private readonly mtime: Date,
    signal?: AbortSignal,
  ) {
    const out = createWriteStream('', { fd, autoClose: false });
    this.out = out;
    const count = new Transform({
      transform: (chunk: Buffer, _enc, next) => {
        this.bytesOffered += chunk.length;
        next(null, chunk);
      },
    });
    this.done = pipeline(this.pack, createGzip(), count, out, signal ? { signal } : {});
    this.done.catch((e) => (this.failed ??= e));
  }

  /** Adds `size` bytes from `source` as a file; a different byte count fails the archive. */
  async addStream(name: string, size: number, source: Readable | NodeJS.ReadableStream, o: { mode?: number; mtime?: Date } = {}): Promise<WrittenEntry> {
    this.check();
    if (size > MAX_ENTRY_BYTES) throw new Error(`${name} has ${size} bytes, more than a tar entry can hold (8 GiB)`);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, next) {
        hash.update(chunk);
        bytes += chunk.length;
        next(null, chunk);
      },
    });
    await new Promise<void>((resolve, reject) => {
      const entry = this.pack.entry({ name, size, mode: o.mode ?? 0o644, mtime: o.mtime ?? this.mtime, type: 'file' }, (e) => (e ? reject(e) : resolve()));
      pipeline(source, tap, entry).catch(reject);
      // The pack itself may fail (the disk is full): do not wait for an entry that cannot end.
      this.done.catch(reject);
    });
    return { bytes, sha256: hash.digest('hex') };
  }

  addBuffer(name: string, data: Buffer | string, o: { mode?: number; mtime?: Date } = {}): Promise<WrittenEntry> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    const source = new PassThrough();
    source.end(buf);
    return this.addStream(name, buf.length, source, o);
  }

  async addDirectory(name: string, o: { mode?: number; mtime?: Date } = {}): Promise<void> {
    this.check();
    await new Promise<void>((resolve, reject) => {
      this.pack.entry({ name, type: 'directory', mode: o.mode ?? 0o755, mtime: o.mtime ?? this.mtime }, (e) => (e ? reject(e) : resolve()));
    });
  }

  /** Ends the archive and makes it durable: every byte is on disk when this resolves. */
  async finish(): Promise<void> {
    this.check();
    this.pack.finalize();
    await this.done;
    await promisify(fsync)(this.fd);
  }

  /** Stops writing after a failure and waits until no write is in flight; the caller then
   * closes the descriptor and deletes the file. */
  async destroy(): Promise<void> {
    this.pack.destroy();
    if (!this.out.closed) {
      this.out.destroy();
      await new Promise<void>((resolve) => (this.out.closed ? resolve() : this.out.once('close', () => resolve())));
    }
  }

  private check(): void {
    if (this.failed) throw this.failed;
  }
}
