// Binary framing of protocol messages for the WebSocket transport: JSON for the structure, raw
// bytes for every Uint8Array (terminal output travels without base64 or copies into strings).
// Layout: u32 BE length of the JSON, the JSON in UTF-8, then per attachment u32 BE length + bytes.
// Works unchanged in Node and in browsers (TextEncoder, DataView).

const BYTES_KEY = '__branchyard_bytes__';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeMessage(message: unknown): Uint8Array {
  const attachments: Uint8Array[] = [];
  const json = JSON.stringify(message, (_key, value) => {
    if (value instanceof Uint8Array) {
      attachments.push(value);
      return { [BYTES_KEY]: attachments.length - 1 };
    }
    return value;
  });
  const head = encoder.encode(json);
  let total = 4 + head.byteLength;
  for (const a of attachments) total += 4 + a.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.byteLength);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const a of attachments) {
    view.setUint32(at, a.byteLength);
    out.set(a, at + 4);
    at += 4 + a.byteLength;
  }
  return out;
}

export function decodeMessage(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame shorter than its header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const jsonLength = view.getUint32(0);
  if (4 + jsonLength > frame.byteLength) throw new Error('frame shorter than its JSON');
  const attachments: Uint8Array[] = [];
  let at = 4 + jsonLength;
  while (at < frame.byteLength) {
    if (at + 4 > frame.byteLength) throw new Error('truncated attachment header');
    const n = view.getUint32(at);
    if (at + 4 + n > frame.byteLength) throw new Error('truncated attachment');
    attachments.push(frame.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return JSON.parse(decoder.decode(frame.subarray(4, 4 + jsonLength)), (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && BYTES_KEY in value) {
      // Only an integer index: a hostile frame must not reach `__proto__`, `length` or methods.
      const index = value[BYTES_KEY];
      const bytes = Number.isInteger(index) ? attachments[index] : undefined;
      if (!bytes) throw new Error('reference to a missing attachment');
      return bytes;
    }
    return value;
  });
}
