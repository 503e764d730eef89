// The last lines of a container's log, for error messages about a failed service.

import type Docker from 'dockerode';

/**
 * Splits a non-TTY log buffer into its payloads. Every frame is an 8-byte header
 * [stream, 0, 0, 0, uint32 BE length] then the payload; a TTY container's log is raw bytes.
 */
export function demuxFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  const looksFramed = buf.length >= 8 && buf[0] <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!looksFramed) return [buf];
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return out;
}

export async function logTail(docker: Docker, containerId: string, lines = 15): Promise<string[]> {
  try {
    const buf = (await docker.getContainer(containerId).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    const text = Buffer.concat(demuxFrames(Buffer.from(buf))).toString('utf8');
    return text.split('\n').filter((l) => l.length > 0).slice(-lines);
  } catch {
    return [];
  }
}
