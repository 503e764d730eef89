// Reads a capture archive back as a stream (gunzip + untar), hashing every entry: what
// verification compares with the manifest, and how a listing finds a manifest with no sidecar.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { MANIFEST_NAME, type ReadEntry } from './manifest.ts';

/** Bigger than any manifest we write; keeps a crafted archive from filling the memory. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ArchiveContents {
  entries: ReadEntry[];
  /** The text of manifest.json, when the archive has one. */
  manifest?: string;
}

export async function readArchive(path: string, signal?: AbortSignal): Promise<ArchiveContents> {
  const entries: ReadEntry[] = [];
  let manifest: string | undefined;
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const hash = createHash('sha256');
    const keep = header.name === MANIFEST_NAME && (header.size ?? 0) <= MAX_MANIFEST_BYTES ? ([] as Buffer[]) : undefined;
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      keep?.push(chunk);
    });
    stream.on('end', () => {
      entries.push({ name: header.name, type: header.type ?? 'file', bytes, sha256: hash.digest('hex') });
      if (keep) manifest = Buffer.concat(keep).toString('utf8');
      next();
    });
    stream.on('error', next);
  });
  await pipeline(createReadStream(path), createGunzip(), extract, signal ? { signal } : {});
  return { entries, ...(manifest !== undefined ? { manifest } : {}) };
}
