// The log stream of a TTY container (Config.Tty) has no frames: it is the entries one after the
// other, `<timestamp> <content>`, all of it stdout. An entry normally ends with its "\n"; a line
// the engine cut at 16 KiB has no newline where a part ends, so the next part's timestamp follows
// straight after the 16 384th content byte. That is the one place a part can end without a
// newline, and the split is made there only when a timestamp really follows.

const LF = 0x0a;
const SPACE = 0x20;
/** The engine's partial-message size (the log copier's buffer) for json-file and journald. */
export const PARTIAL_CONTENT_BYTES = 16 * 1024;
/** `2026-11-21T10:15:00.123456789Z ` */
const TS_AHEAD = 31;
const TS_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z $/;
/** Beyond this an entry is handed on as it is, so a stream that breaks the rules stays bounded. */
const MAX_ENTRY = PARTIAL_CONTENT_BYTES * 64;

const ascii = new TextDecoder('latin1');

export class RawEntrySplitter {
  private pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array, onEntry: (payload: Uint8Array) => void): void {
    this.pending = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    let start = 0;
    for (;;) {
      const end = this.entryEnd(start);
      if (end === undefined) break;
      onEntry(this.pending.subarray(start, end));
      start = end;
    }
    this.pending = start === 0 ? this.pending : this.pending.slice(start);
  }

  /** The stream ended: what is left is the last entry. */
  flush(onEntry: (payload: Uint8Array) => void): void {
    if (this.pending.length > 0) onEntry(this.pending);
    this.pending = new Uint8Array(0);
  }

  /** Drops a cut-off entry, for a reconnect that will deliver it again. */
  reset(): void {
    this.pending = new Uint8Array(0);
  }

  private entryEnd(start: number): number | undefined {
    const buf = this.pending;
    if (start >= buf.length) return undefined;
    const space = buf.indexOf(SPACE, start);
    if (space < 0) return buf.length - start > MAX_ENTRY ? buf.length : undefined;
    const contentStart = space + 1;
    const partEnd = contentStart + PARTIAL_CONTENT_BYTES;
    const nl = buf.indexOf(LF, contentStart);
    if (nl >= 0 && nl < partEnd) return nl + 1;
    if (buf.length >= partEnd + TS_AHEAD && TS_START.test(ascii.decode(buf.subarray(partEnd, partEnd + TS_AHEAD)))) return partEnd;
    if (buf.length < partEnd + TS_AHEAD && nl < 0) return undefined;
    if (nl >= 0) return nl + 1;
    return buf.length - start > MAX_ENTRY ? buf.length : undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
