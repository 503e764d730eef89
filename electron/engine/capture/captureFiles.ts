// The files of a capture, one page at a time: listCaptureFiles and readCaptureFile. A tar.gz can
// only be read front to back, so a page streams the archive up to its file and stops as soon as
// the page is full: nothing but the page is held, whatever the file's size (a later page costs
// reading the archive up to it again). Logs come out as the log viewer's rows, with the engine's
// 16 KiB partial entries joined again exactly as the capture log source does.

import type { CaptureFileEntry, CaptureFilePage, CaptureManifest, ReadCaptureFileParams } from '../../../shared/api/captures.ts';
import { CAPTURE_READ_LIMITS } from '../../../shared/api/captures.ts';
import type { LogLine, LogStreamName } from '../../../shared/api/logs.ts';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import { eachEntry } from '../logs/captureArchive.ts';
import { CapturedEntrySplitter } from '../logs/capturedEntrySplitter.ts';
import { LineAssembler, parseEntry, utf8Boundary } from '../logs/lineAssembler.ts';
import { tsKey } from '../logs/timestamps.ts';
import { captureArchivePath } from './captureId.ts';
import { showCapture } from './captureListing.ts';

const LOG_PATH = /^services\/[^/]+\/(stdout|stderr)\.log$/;
/** A NUL byte this early means the file is not text. */
const SNIFF_BYTES = 8192;

export function captureFileEntries(manifest: CaptureManifest): CaptureFileEntry[] {
  return manifest.files.map((f) => {
    const stream = f.kind === 'log' ? (LOG_PATH.exec(f.path)?.[1] as LogStreamName | undefined) : undefined;
    const view = f.kind === 'log' ? 'log' : f.kind === 'inspect' || f.kind === 'partials' ? 'json' : 'text';
    return { ...f, view, ...(stream ? { stream } : {}) };
  });
}

export async function listCaptureFiles(captureDir: string, id: unknown): Promise<CaptureFileEntry[]> {
  return captureFileEntries(await showCapture(captureDir, id));
}

interface CheckedRead {
  id: string;
  path: string;
  unit: 'lines' | 'bytes';
  offset: number;
  limit: number;
}

/** The request checked: every problem named by field, before the archive is opened. */
export function checkReadParams(raw: unknown): CheckedRead {
  const p = (raw ?? {}) as Partial<Record<keyof ReadCaptureFileParams, unknown>>;
  const issues: Issue[] = [];
  const unit = p.unit ?? 'lines';
  if (unit !== 'lines' && unit !== 'bytes') issues.push({ field: 'unit', message: `'${String(unit)}' is not lines or bytes` });
  if (typeof p.path !== 'string' || p.path === '') issues.push({ field: 'path', message: 'is required: a file of the capture, as listCaptureFiles gives it' });
  const limits = unit === 'bytes' ? CAPTURE_READ_LIMITS.bytes : CAPTURE_READ_LIMITS.lines;
  const count = (value: unknown, field: string, min: number, max: number, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      issues.push({ field, message: `must be a whole number from ${min} to ${max}` });
    }
    return value as number;
  };
  const offset = count(p.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = count(p.limit, 'limit', 1, limits.max, limits.default);
  if (issues.length) throw BranchyardError.invalid(issues);
  return { id: p.id as string, path: p.path as string, unit: unit as 'lines' | 'bytes', offset, limit };
}

/** Streams the archive up to entry `name` and hands its stream to `read`; the pass ends when `read` does. */
async function withEntry(archive: string, name: string, signal: AbortSignal | undefined, read: (stream: NodeJS.ReadableStream) => Promise<void>): Promise<boolean> {
  let found = false;
  await eachEntry(archive, signal, async (entry, stream) => {
    if (entry !== name) return false;
    found = true;
    await read(stream);
    return 'stop';
  });
  return found;
}

/**
 * Feeds the entry's chunks to `take` until it returns false (the page is full) or the entry
 * ends. Resolves with whether the entry ended (true: nothing more to read).
 */
function consume(stream: NodeJS.ReadableStream, take: (chunk: Buffer) => boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (take(chunk)) return;
      stream.off('data', onData);
      stream.off('end', onEnd);
      resolve(false);
    };
    const onEnd = () => resolve(true);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', reject);
  });
}

async function readBytes(archive: string, q: CheckedRead, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let skipped = 0;
  let kept = 0;
  await withEntry(archive, q.path, signal, async (stream) => {
    await consume(stream, (chunk) => {
      let c = chunk;
      if (skipped < q.offset) {
        const skip = Math.min(q.offset - skipped, c.length);
        skipped += skip;
        c = c.subarray(skip);
      }
      if (c.length) {
        const piece = c.subarray(0, q.limit - kept);
        parts.push(piece);
        kept += piece.length;
      }
      return kept < q.limit;
    });
  });
  return new Uint8Array(Buffer.concat(parts));
}

/** Splits text into lines as they stream past, cutting a line longer than `lineBytes`. */
class TextLines {
  private carry: Buffer[] = [];
  private carrySize = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  push(chunk: Buffer, onLine: (line: string) => boolean): boolean {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) {
        this.carry.push(chunk.subarray(from));
        this.carrySize += chunk.length - from;
        return this.cutLong(onLine);
      }
      this.carry.push(chunk.subarray(from, nl));
      from = nl + 1;
      if (!onLine(this.take(true))) return false;
    }
    return true;
  }

  flush(onLine: (line: string) => boolean): void {
    if (this.carrySize > 0) onLine(this.take(false));
  }

  private cutLong(onLine: (line: string) => boolean): boolean {
    while (this.carrySize > CAPTURE_READ_LIMITS.lineBytes) {
      const all = Buffer.concat(this.carry);
      const at = utf8Boundary(all.subarray(0, CAPTURE_READ_LIMITS.lineBytes));
      this.carry = [all.subarray(at)];
      this.carrySize = all.length - at;
      if (!onLine(this.decoder.decode(all.subarray(0, at)))) return false;
    }
    return true;
  }

  private take(endsLine: boolean): string {
    let bytes = Buffer.concat(this.carry);
    this.carry = [];
    this.carrySize = 0;
    if (endsLine && bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    return this.decoder.decode(bytes);
  }
}

/**
 * Collects lines `offset` .. `offset + limit` (or fewer, once `pageBytes` of text are held).
 * `more` turns true when a line beyond the page exists: the one after the last, read to know.
 */
class Page<T> {
  readonly rows: T[] = [];
  more = false;
  private seen = 0;
  private bytes = 0;
  constructor(private readonly q: CheckedRead) {}

  /** False once the page is full (a further line was seen). */
  add(row: T, size: number): boolean {
    if (this.full()) {
      this.more = true;
      return false;
    }
    if (this.seen++ >= this.q.offset) {
      this.rows.push(row);
      this.bytes += size;
    }
    return true;
  }

  full(): boolean {
    return this.rows.length >= this.q.limit || this.bytes >= CAPTURE_READ_LIMITS.pageBytes;
  }

  nextOffset(): number | null {
    return this.more ? this.q.offset + this.rows.length : null;
  }
}

async function readText(archive: string, q: CheckedRead, signal?: AbortSignal): Promise<{ page: Page<string> } | { binary: true }> {
  const page = new Page<string>(q);
  const lines = new TextLines();
  let sniffed = 0;
  let binary = false;
  await withEntry(archive, q.path, signal, async (stream) => {
    const ended = await consume(stream, (chunk) => {
      if (sniffed < SNIFF_BYTES) {
        if (chunk.subarray(0, SNIFF_BYTES - sniffed).includes(0)) {
          binary = true;
          return false;
        }
        sniffed += chunk.length;
      }
      return lines.push(chunk, (line) => page.add(line, line.length));
    });
    if (ended && !binary) lines.flush((line) => page.add(line, line.length));
  });
  return binary ? { binary: true } : { page };
}

async function partialEndsOf(archive: string, logPath: string, signal?: AbortSignal): Promise<number[]> {
  const name = logPath.replace(/\.log$/, '.partials');
  const chunks: Buffer[] = [];
  await withEntry(archive, name, signal, async (stream) => {
    await consume(stream, (c) => (chunks.push(c), true));
  });
  if (chunks.length === 0) return [];
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return Array.isArray(value) ? value.filter((n): n is number => Number.isSafeInteger(n) && n >= 0) : [];
}

async function readLog(archive: string, q: CheckedRead, service: string, stream: LogStreamName, partials: boolean, signal?: AbortSignal): Promise<Page<LogLine>> {
  const partialEnds = partials ? await partialEndsOf(archive, q.path, signal) : [];
  const page = new Page<LogLine>(q);
  const splitter = new CapturedEntrySplitter(partialEnds);
  const assembler = new LineAssembler();
  let open = true;
  const onLine = (ts: string, text: string) => {
    if (open) open = page.add({ service, stream, ts, text }, text.length + ts.length);
  };
  const onEntry = (payload: Uint8Array) => {
    const { ts, content } = parseEntry(payload);
    assembler.push(tsKey(ts), content, onLine);
  };
  await withEntry(archive, q.path, signal, async (entry) => {
    const ended = await consume(entry, (chunk) => {
      splitter.push(chunk, onEntry);
      return open;
    });
    if (ended) {
      splitter.flush(onEntry);
      assembler.flush(onLine);
    }
  });
  return page;
}

export async function readCaptureFile(captureDir: string, raw: ReadCaptureFileParams, signal?: AbortSignal): Promise<CaptureFilePage> {
  const q = checkReadParams(raw);
  const archive = captureArchivePath(captureDir, q.id);
  const manifest = await showCapture(captureDir, q.id);
  const file = captureFileEntries(manifest).find((f) => f.path === q.path);
  if (!file) throw new BranchyardError('not-found', `capture ${manifest.id} has no file ${q.path} (listCaptureFiles lists its files)`, { file: archive });
  const base = { id: manifest.id, path: file.path, totalBytes: file.bytes, offset: q.offset };
  if (q.unit === 'bytes') {
    const data = await readBytes(archive, q, signal);
    const end = q.offset + data.length;
    return { ...base, format: 'bytes', data, nextOffset: end < file.bytes ? end : null };
  }
  if (file.view === 'log' && file.stream && file.service) {
    const svc = manifest.services.find((s) => s.name === file.service);
    const page = await readLog(archive, q, file.service, file.stream, (svc?.logPartials[file.stream] ?? 1) > 0, signal);
    return { ...base, format: 'log', lines: page.rows, nextOffset: page.nextOffset(), totalLines: svc?.logLines[file.stream] ?? 0 };
  }
  const text = await readText(archive, q, signal);
  if ('binary' in text) return { ...base, format: 'binary', nextOffset: null };
  return { ...base, format: 'text', lines: text.page.rows, nextOffset: text.page.nextOffset() };
}
