// The last lines of a container's log, for error messages about a failed service.

import type Docker from 'dockerode';
import { FrameDemuxer } from './frameDemuxer.ts';

/**
 * The payloads of a whole non-TTY log or exec buffer, in order (stdout and stderr together). A
 * TTY container's output is not framed: the buffer is returned as it is.
 */
export function demuxFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  try {
    const frames = new FrameDemuxer();
    frames.push(buf, (_stream, payload) => out.push(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)));
  } catch {
    return [buf];
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
