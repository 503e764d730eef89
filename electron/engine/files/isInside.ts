// Whether a path lies inside a folder, links followed: `..`, a symlink out, or the folder itself
// are not inside. Used where a front end may only reach the engine's own folders.

import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

/** The path with links followed; as given (made absolute) when it does not exist (yet). */
export function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p); // not there (yet): its name is all there is to judge
  }
}

export function isInside(folder: string, path: string): boolean {
  const rel = relative(realPath(folder), realPath(path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`);
}
