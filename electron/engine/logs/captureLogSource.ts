// One stream (stdout or stderr) of one service in a capture archive, as lines. Each source reads
// the archive from the start on its own and skips to its entry: the services have to be merged
// by time, a tar can only be read front to back, and holding one service while reading another
// would hold whole logs in memory. The price is decompressing the archive once per stream.

import type { LogStreamName } from '../../../shared/api/logs.ts';
import { eachEntry } from './captureArchive.ts';
import { CapturedEntrySplitter } from './capturedEntrySplitter.ts';
import { LineAssembler, parseEntry } from './lineAssembler.ts';
import type { LineSink, LineSource } from './lineSource.ts';
import { tsKey } from './timestamps.ts';

export interface CaptureStreamRef {
  archive: string;
  service: string;
  stream: LogStreamName;
  entry: string;
  partialEnds: number[];
  /** Only lines at or after this key (tsKey form). */
  sinceKey?: string;
}

export class CaptureLogSource implements LineSource {
  readonly service: string;
  private paused = false;
  private disposed = false;
  private current?: NodeJS.ReadableStream;
  private readonly abort = new AbortController();

  constructor(private readonly ref: CaptureStreamRef) {
    this.service = ref.service;
  }

  start(sink: LineSink): void {
    const { ref } = this;
    const assembler = new LineAssembler();
    const splitter = new CapturedEntrySplitter(ref.partialEnds);
    const onLine = (ts: string, text: string) => {
      if (ref.sinceKey === undefined || ts >= ref.sinceKey) sink.line({ service: ref.service, stream: ref.stream, ts, text });
    };
    const onEntry = (payload: Uint8Array) => {
      const { ts, content } = parseEntry(payload);
      assembler.push(tsKey(ts), content, onLine);
    };
    let found = false;
    eachEntry(ref.archive, this.abort.signal, (name, stream) => {
      if (name !== ref.entry) return Promise.resolve(false);
      found = true;
      this.current = stream;
      if (this.paused) stream.pause();
      return new Promise<'stop'>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => {
          if (!this.disposed) splitter.push(chunk, onEntry);
        });
        stream.on('end', () => resolve('stop'));
        stream.on('error', reject);
      });
    }).then(
      () => {
        if (this.disposed) return;
        this.current = undefined;
        if (found) {
          splitter.flush(onEntry);
          assembler.flush(onLine);
        }
        sink.end();
      },
      (e) => {
        if (!this.disposed) sink.end(e);
      },
    );
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.current?.pause();
    else this.current?.resume();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
  }
}
