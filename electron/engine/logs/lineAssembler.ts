// Turns the engine's log entries back into lines. An entry is `<timestamp> <content>`; the
// engine cuts lines longer than 16 KiB into several entries, each with its own timestamp, and
// only the last one ends in "\n". The bytes of a line are kept until it is complete and decoded
// once, so a multi-byte character cut between entries or chunks decodes right. One assembler per
// stream: a partial stdout line must not swallow a stderr line.

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
/** A timestamp is about 30 bytes; a space further in means the entry carries none. */
const MAX_TS = 64;

const decoder = new TextDecoder('utf-8', { fatal: false });
const ascii = new TextDecoder('latin1');

export interface LogEntry {
  /** The timestamp as the engine wrote it, or '' when the entry has none. */
  ts: string;
  content: Uint8Array;
}

/** Splits `<timestamp> <content>`. */
export function parseEntry(payload: Uint8Array): LogEntry {
  const limit = Math.min(payload.length, MAX_TS);
  for (let i = 0; i < limit; i++) {
    if (payload[i] === SPACE) return { ts: ascii.decode(payload.subarray(0, i)), content: payload.subarray(i + 1) };
  }
  return { ts: '', content: payload };
}

/**
 * Lines longer than this are cut (at a character boundary) and delivered in pieces: a process
 * writing megabytes without a newline must not make the engine hold all of it.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * The engine cuts a line into parts of exactly this many content bytes (its log copier's buffer);
 * only the last part of a line can be shorter.
 */
export const PARTIAL_BYTES = 16 * 1024;

export type LineHandler = (ts: string, text: string) => void;

export interface AssemblerLimits {
  maxLineBytes?: number;
  partialBytes?: number;
}

export class LineAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private ts = '';
  private readonly maxLineBytes: number;
  private readonly partialBytes: number;

  constructor(limits: AssemblerLimits = {}) {
    this.maxLineBytes = limits.maxLineBytes ?? MAX_LINE_BYTES;
    this.partialBytes = limits.partialBytes ?? PARTIAL_BYTES;
  }

  /** Feeds one entry's content; calls `onLine` for the line it completes, if any. */
  push(ts: string, content: Uint8Array, onLine: LineHandler): void {
    if (this.parts.length === 0) this.ts = ts;
    const endsInNewline = content.length > 0 && content[content.length - 1] === LF;
    // A part shorter than a full cut is the last of its line even without a newline: the `local`
    // log driver (Docker 20.10) drops the newline of a cut line's last part, and joining on would
    // swallow the next line. (A process's last output without a newline is such a part too.)
    const complete = endsInNewline || content.length < this.partialBytes;
    if (content.length > 0) {
      this.parts.push(content);
      this.size += content.length;
    }
    if (complete) {
      this.emit(onLine, endsInNewline);
      return;
    }
    if (this.size > this.maxLineBytes) this.cut(onLine);
  }

  /** The stream ended: a last line without a newline is still a line. */
  flush(onLine: LineHandler): void {
    if (this.parts.length > 0) this.emit(onLine, false);
  }

  get pending(): boolean {
    return this.parts.length > 0;
  }

  private joined(): Uint8Array {
    if (this.parts.length === 1) return this.parts[0];
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  private emit(onLine: LineHandler, endsInNewline: boolean): void {
    let bytes = this.joined();
    let end = bytes.length;
    if (endsInNewline) {
      end -= 1;
      if (end > 0 && bytes[end - 1] === CR) end -= 1;
    }
    bytes = bytes.subarray(0, end);
    const ts = this.ts;
    this.parts = [];
    this.size = 0;
    onLine(ts, decoder.decode(bytes));
  }

  /** Delivers all but an unfinished UTF-8 sequence at the end, which starts the next piece. */
  private cut(onLine: LineHandler): void {
    const bytes = this.joined();
    const at = utf8Boundary(bytes);
    const rest = bytes.subarray(at);
    this.parts = [bytes.subarray(0, at)];
    this.size = at;
    this.emit(onLine, false);
    if (rest.length > 0) {
      this.parts = [rest];
      this.size = rest.length;
    }
  }
}

/** The offset where a trailing, possibly incomplete, multi-byte sequence starts (or the length). */
export function utf8Boundary(bytes: Uint8Array): number {
  const n = bytes.length;
  // A sequence is at most 4 bytes: look back over up to 3 continuation bytes (10xxxxxx).
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}
