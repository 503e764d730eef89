// Tar archives for uploads into build containers (PUT /containers/{id}/archive). Entries are
// owned by the build's user, so an assemble script running as a numeric non-root user can write
// where it unpacks, as with s2i's own upload through the container's stdin.

import type { Readable } from 'node:stream';
import tar from 'tar-stream';

export interface Owner {
  uid: number;
  gid: number;
}

export interface FileEntry {
  name: string;
  content: Buffer;
  mode: number;
}

/** Packs files (and their parent folders) under `prefix/`. */
export function packFiles(prefix: string, files: FileEntry[], owner: Owner): Readable {
  const pack = tar.pack();
  pack.entry({ name: `${prefix}/`, type: 'directory', mode: 0o775, ...owner });
  for (const f of files) pack.entry({ name: `${prefix}/${f.name}`, mode: f.mode, ...owner }, f.content);
  pack.finalize();
  return pack;
}

/**
 * Re-packs a tar stream under `prefix/`, owned by `owner`, leaving out entries `skip` rejects.
 * Streams entry by entry: a large repository is never held in memory whole.
 */
export function repack(source: NodeJS.ReadableStream, prefix: string, owner: Owner, skip: (name: string, isDir: boolean) => boolean = () => false): Readable {
  const extract = tar.extract();
  const pack = tar.pack();
  pack.entry({ name: `${prefix}/`, type: 'directory', mode: 0o775, ...owner });
  extract.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '');
    if (!name || header.type === 'pax-global-header' || skip(name, header.type === 'directory')) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    // Folders writable by the group too (OpenShift convention: group 0 may differ in UID).
    const mode = header.type === 'directory' ? (header.mode ?? 0o755) | 0o070 : header.mode;
    const out = pack.entry({ ...header, name: `${prefix}/${name}`, mode, ...owner, uname: undefined, gname: undefined }, (err) => next(err));
    stream.pipe(out);
  });
  extract.on('finish', () => pack.finalize());
  extract.on('error', (e) => pack.destroy(e));
  // A source that fails midway (git archive exiting non-zero) must fail the upload, not truncate it.
  source.on('error', (e: Error) => extract.destroy(e));
  source.pipe(extract);
  return pack;
}

/** Reads a whole tar into memory, checking that it is one: used for save-artifacts output. */
export function tarFileNames(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      names.push(header.name);
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', () => resolve(names));
    extract.on('error', reject);
    extract.end(buf);
  });
}

/** The content of the first file of a tar stream (GET /containers/{id}/archive of one file). */
export function firstFileOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found: Buffer | undefined;
    extract.on('entry', (header, entry, next) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (!found && header.type === 'file') found = Buffer.concat(chunks);
        next();
      });
    });
    extract.on('finish', () => resolve(found ?? Buffer.alloc(0)));
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
}
