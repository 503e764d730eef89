// A captured log file (services/<service>/stdout.log in a capture archive) is the engine's
// timestamped entries concatenated, as `docker logs --timestamps` prints them. An entry ends
// after its "\n", except an entry that was a 16 KiB partial: it has no newline, and the
// `.partials` file beside the log lists the byte offsets at which such entries end. Splitting at
// both gives back exactly the entries the engine sent.

const LF = 0x0a;

/** Splits a captured log into entries as they stream in; `partialEnds` are absolute byte offsets. */
export class CapturedEntrySplitter {
  private readonly ends: number[];
  private next = 0;
  /** Absolute offset of the first byte of `carry`. */
  private offset = 0;
  private carry: Uint8Array[] = [];
  private carrySize = 0;

  constructor(partialEnds: readonly number[]) {
    this.ends = [...new Set(partialEnds)].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
  }

  push(chunk: Uint8Array, onEntry: (payload: Uint8Array) => void): void {
    const chunkStart = this.offset + this.carrySize;
    let from = 0;
    while (from < chunk.length) {
      // An offset at or before the current entry's start ends nothing (an entry is never empty).
      while (this.next < this.ends.length && this.ends[this.next] <= this.offset) this.next++;
      const partialAt = this.next < this.ends.length ? this.ends[this.next] - chunkStart : Infinity;
      const nl = chunk.indexOf(LF, from);
      const lineAt = nl < 0 ? Infinity : nl + 1;
      const end = Math.min(partialAt, lineAt);
      if (end > chunk.length) {
        this.keep(chunk.subarray(from));
        return;
      }
      onEntry(this.take(chunk.subarray(from, end)));
      from = end;
    }
  }

  /** The file ended: what is left is the last entry. */
  flush(onEntry: (payload: Uint8Array) => void): void {
    if (this.carrySize > 0) onEntry(this.take(new Uint8Array(0)));
  }

  private keep(piece: Uint8Array): void {
    this.carry.push(piece);
    this.carrySize += piece.length;
  }

  private take(last: Uint8Array): Uint8Array {
    let out = last;
    if (this.carry.length > 0) {
      out = new Uint8Array(this.carrySize + last.length);
      let at = 0;
      for (const p of this.carry) {
        out.set(p, at);
        at += p.length;
      }
      out.set(last, at);
    }
    this.offset += out.length;
    this.carry = [];
    this.carrySize = 0;
    return out;
  }
}

/**
 * The entries of a whole captured log. For the capture writer, to check that what it wrote reads
 * back: every entry should start with a timestamp and the entries should join to `bytes`.
 */
export function splitCapturedLog(bytes: Uint8Array, partialEnds: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const splitter = new CapturedEntrySplitter(partialEnds);
  splitter.push(bytes, (e) => out.push(e));
  splitter.flush((e) => out.push(e));
  return out;
}
