// Demultiplexes the engine's output of a non-TTY container (logs, and exec without a TTY). Every frame is an 8-byte header
// [stream type, 0, 0, 0, uint32 big-endian length] then the payload, and frames are cut across
// HTTP chunks anywhere (inside the header too). dockerode's modem.demuxStream is not used: it
// pushes into two PassThroughs and ignores back-pressure. This parser is synchronous and holds
// at most one frame, so pausing the HTTP response is all the flow control it needs.

export type FrameStream = 'stdout' | 'stderr';

export type FrameHandler = (stream: FrameStream, payload: Uint8Array) => void;

/** Type 1 is stdout; 2 stderr; 3 is the engine's own error text, shown as stderr; 0 (stdin) never occurs in logs. */
function streamOf(type: number): FrameStream {
  return type === 0 || type === 1 ? 'stdout' : 'stderr';
}

/** Payloads may be views into the chunks pushed, so chunks must not be reused (Node's never are). */
export class FrameDemuxer {
  private readonly header = new Uint8Array(8);
  private headerFill = 0;
  private type = 1;
  /** Payload bytes still to come for the current frame; 0 while reading a header. */
  private need = 0;
  private parts: Uint8Array[] = [];
  private partsSize = 0;

  push(chunk: Uint8Array, onFrame: FrameHandler): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.need === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - i);
        this.header.set(chunk.subarray(i, i + take), this.headerFill);
        this.headerFill += take;
        i += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        const h = this.header;
        // Anything else means the stream is not multiplexed (a TTY container taken for a plain
        // one): parsing on would turn text into garbage lengths.
        if (h[0] > 3 || h[1] !== 0 || h[2] !== 0 || h[3] !== 0) {
          throw new Error(`the stream is not multiplexed as expected (frame header ${Buffer.from(h).toString('hex')})`);
        }
        this.type = h[0];
        this.need = ((this.header[4] << 24) >>> 0) + (this.header[5] << 16) + (this.header[6] << 8) + this.header[7];
        if (this.need === 0) onFrame(streamOf(this.type), new Uint8Array(0));
        continue;
      }
      const take = Math.min(this.need, chunk.length - i);
      const piece = chunk.subarray(i, i + take);
      i += take;
      this.need -= take;
      if (this.need > 0) {
        this.parts.push(piece);
        this.partsSize += take;
        continue;
      }
      let payload = piece;
      if (this.parts.length > 0) {
        payload = new Uint8Array(this.partsSize + take);
        let at = 0;
        for (const p of this.parts) {
          payload.set(p, at);
          at += p.length;
        }
        payload.set(piece, at);
        this.parts = [];
        this.partsSize = 0;
      }
      onFrame(streamOf(this.type), payload);
    }
  }

  /** True when the stream stopped inside a frame (a cut connection). */
  get midFrame(): boolean {
    return this.headerFill > 0 || this.need > 0;
  }
}
