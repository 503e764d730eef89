// Names inside a capture archive. Everything a container or a label says can be crafted, so every
// name is rebuilt from checked components: nothing absolute, no `..`, no backslash (a separator
// when the archive is unpacked on Windows), no control character, and no entry of a container's
// tar can land outside `services/<service>/files/`. Links are never stored as links.

import { posix } from 'node:path';

const SERVICE_DIR = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A file name component made harmless: backslashes and control characters become `_`. */
function cleanComponent(part: string): string {
  // eslint-disable-next-line no-control-regex
  return part.replace(/[\\\u0000-\u001f\u007f]/g, '_');
}

/**
 * The folder of a service in the archive. Service names come from a label, which anyone can
 * set: a name that is not a valid service name is cleaned, and `taken` names get the container's
 * short id appended so two containers never share a folder.
 */
export function serviceDir(service: string, containerId: string, taken: Set<string>): string {
  let name = SERVICE_DIR.test(service) ? service : cleanComponent(service).replace(/[^a-zA-Z0-9_.-]/g, '_').replace(/^[^a-zA-Z0-9]+/, '');
  if (!name) name = containerId.slice(0, 12);
  if (taken.has(name)) name = `${name}-${containerId.slice(0, 12)}`;
  taken.add(name);
  return `services/${name}`;
}

/** A capture path as the engine is asked for it: absolute, normalised, or why it is refused. */
export function normaliseCapturePath(path: unknown): { path: string } | { problem: string } {
  if (typeof path !== 'string' || path === '') return { problem: 'not a path' };
  if (path.includes('\0')) return { problem: 'contains a NUL character' };
  if (!path.startsWith('/')) return { problem: 'not an absolute path' };
  // normalize resolves `..` against the root, so the result is absolute and free of `..`.
  const n = posix.normalize(path);
  return { path: n.length > 1 ? n.replace(/\/+$/, '') : n };
}

export type EntryDecision =
  | { store: 'file' | 'directory'; name: string }
  | { skip: string }
  /** The entry is the root of what was asked for, or adds nothing (`.`): nothing to store. */
  | { ignore: true };

export interface TarEntryHeader {
  name: string;
  type?: string | null;
  linkname?: string | null;
}

/**
 * Where an entry of the engine's archive of `capturePath` goes. The engine names entries after
 * the path's base name (`/data/logs` gives `logs/a.txt`), so the path's folder is put in front:
 * `<dir>/files/data/logs/a.txt`.
 */
export function mapArchiveEntry(dir: string, capturePath: string, header: TarEntryHeader): EntryDecision {
  const type = header.type ?? 'file';
  if (type === 'symlink') return { skip: `symbolic link to ${header.linkname ?? '?'} (links are not stored)` };
  if (type === 'link') return { skip: `hard link to ${header.linkname ?? '?'} (links are not stored)` };
  if (type !== 'file' && type !== 'contiguous-file' && type !== 'directory') return { skip: `${type} (only files and folders are stored)` };
  const parent = posix.dirname(capturePath);
  const parts: string[] = [];
  for (const part of `${parent}/${header.name}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { skip: "name contains '..'" };
    parts.push(cleanComponent(part));
  }
  if (parts.length === 0) return type === 'directory' ? { ignore: true } : { skip: 'entry without a name' };
  return { store: type === 'directory' ? 'directory' : 'file', name: `${dir}/files/${parts.join('/')}` };
}

/** True for a name that may be in an archive: relative, `/`-separated, no `.`/`..`/empty parts. */
export function isSafeArchiveName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}
