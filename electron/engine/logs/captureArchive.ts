// What is in a capture's archive for the logs (the archive itself is found, from a checked id,
// by capture/captureId.ts).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { LogStreamName } from '../../../shared/api/logs.ts';

const LOG_FILE = /^services\/([^/]+)\/(stdout|stderr)\.(log|partials)$/;
const STREAM_ORDER: Record<LogStreamName, number> = { stdout: 0, stderr: 1 };
/** A .partials file is a list of offsets; more than this is not one. */
const MAX_PARTIALS_BYTES = 64 * 1024 * 1024;

/** The archive's name for an entry, without a leading `./`. */
export function entryName(name: string): string {
  return name.replace(/^(\.\/)+/, '');
}

export interface CapturedStream {
  service: string;
  stream: LogStreamName;
  /** Path of the .log entry inside the archive. */
  entry: string;
  partialEnds: number[];
}

/** One streaming pass over the archive: which services have logs, and the partial offsets. */
export async function readCaptureIndex(archive: string, signal?: AbortSignal): Promise<CapturedStream[]> {
  const logs = new Map<string, CapturedStream>();
  const partials = new Map<string, number[]>();
  await eachEntry(archive, signal, async (name, stream) => {
    const m = LOG_FILE.exec(name);
    if (!m) return false;
    const [, service, which, ext] = m;
    const id = `${service}/${which}`;
    if (ext === 'log') {
      logs.set(id, { service, stream: which as LogStreamName, entry: name, partialEnds: [] });
      return false;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stream) {
      size += (c as Buffer).length;
      if (size > MAX_PARTIALS_BYTES) throw captureBroken(archive, `${name} is larger than ${MAX_PARTIALS_BYTES} bytes`);
      chunks.push(c as Buffer);
    }
    partials.set(id, parsePartials(archive, name, Buffer.concat(chunks).toString('utf8')));
    return true;
  });
  for (const [id, ends] of partials) {
    const log = logs.get(id);
    if (log) log.partialEnds = ends;
  }
  return [...logs.values()].sort((a, b) => a.service.localeCompare(b.service) || STREAM_ORDER[a.stream] - STREAM_ORDER[b.stream]);
}

function parsePartials(archive: string, name: string, text: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw captureBroken(archive, `${name} is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value) || !value.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw captureBroken(archive, `${name} is not a JSON array of byte offsets`);
  }
  return value as number[];
}

export function captureBroken(archive: string, why: string): BranchyardError {
  return new BranchyardError('engine', `the capture archive ${archive} cannot be read: ${why}`, { file: archive });
}

/**
 * Calls `visit` for each entry of the archive as it streams past. `visit` returns true when it
 * consumed the entry's stream itself, false to have it skipped, or 'stop' to end the pass there.
 */
export function eachEntry(
  archive: string,
  signal: AbortSignal | undefined,
  visit: (name: string, stream: NodeJS.ReadableStream) => Promise<boolean | 'stop'>,
): Promise<void> {
  return new Promise((resolvePass, reject) => {
    const file = createReadStream(archive);
    const gunzip = createGunzip();
    const extract = tar.extract();
    let settled = false;
    const close = () => {
      extract.destroy();
      gunzip.destroy();
      file.destroy();
    };
    const done = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      close();
      if (error) reject(error);
      else resolvePass();
    };
    const onAbort = () => done(cancelledError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const broken = (e: Error) => done(captureBroken(archive, e.message));
    file.on('error', broken);
    gunzip.on('error', broken);
    extract.on('error', broken);
    extract.on('entry', (header, stream, next) => {
      if (settled) return;
      visit(entryName(header.name), stream).then(
        (result) => {
          if (result === 'stop') return done();
          if (!result) {
            stream.on('end', next);
            stream.resume();
          } else next();
        },
        (e) => done(e),
      );
    });
    extract.on('finish', () => done());
    file.pipe(gunzip).pipe(extract);
  });
}
