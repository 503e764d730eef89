// Making a folder from a path the user set (capture folder, data folder, cache folder), without
// `mkdir(path, { recursive: true })`: on Node 20 that loops forever, at full CPU and deaf to
// signals, on a path that cannot be made under /proc (`/proc/nope`). Here the nearest existing
// parent is found first, then each missing level is made with a plain mkdir, so every failure
// comes back at once, naming the part of the path at fault.

import { mkdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PathError, fsReason } from './fsReason.ts';

/** true: a folder; false: missing; throws when it is something else or cannot be looked at. */
function isFolder(path: string, st: Stats | undefined, e?: unknown): boolean {
  if (st) {
    if (st.isDirectory()) return true;
    throw new PathError('ENOTDIR', path, `${path} is a file, not a folder`);
  }
  const code = (e as NodeJS.ErrnoException).code;
  // ENOTDIR: a file further up the path; the walk goes on up and names it.
  if (code === 'ENOENT' || code === 'ENOTDIR') return false;
  throw new PathError(code ?? 'EIO', path, `cannot look at ${path}: ${fsReason(e)}`);
}

function mkdirFailure(e: unknown, dir: string): PathError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  // mkdir says ENOENT when the parent exists but its file system will not have a folder there
  // (/proc, /sys): say that, rather than "no such file".
  if (code === 'ENOENT') return new PathError(code, dir, `the file system of ${dirname(dir)} does not allow making ${dir}`);
  return new PathError(code, dir, `cannot make ${dir}: ${fsReason(e)}`);
}

function noRoot(root: string): never {
  throw new PathError('ENOENT', root, `${root} does not exist`);
}

/** Makes `path` and its missing parents; a folder that exists already is fine. */
export async function makeFolder(path: string): Promise<void> {
  const missing: string[] = [];
  for (let cur = resolve(path); !(await stat(cur).then((st) => isFolder(cur, st), (e) => isFolder(cur, undefined, e))); cur = dirname(cur)) {
    if (dirname(cur) === cur) noRoot(cur);
    missing.unshift(cur);
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (e) {
      // Another process made it meanwhile: fine, if it is a folder.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(dir).catch(() => undefined))?.isDirectory()) continue;
      throw mkdirFailure(e, dir);
    }
  }
}

/** makeFolder for the few synchronous callers (settings, build logs). */
export function makeFolderSync(path: string): void {
  const folder = (p: string) => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      return isFolder(p, undefined, e);
    }
    return isFolder(p, st);
  };
  const missing: string[] = [];
  for (let cur = resolve(path); !folder(cur); cur = dirname(cur)) {
    if (dirname(cur) === cur) noRoot(cur);
    missing.unshift(cur);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && folder(dir)) continue;
      throw mkdirFailure(e, dir);
    }
  }
}
