// Whether a path lies inside a folder, links followed: `..`, a symlink out, or the folder itself
// are not inside. Used where a front end may only reach the engine's own folders.

import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p); // not there (yet): its name is all there is to judge
  }
}

export function isInside(folder: string, path: string): boolean {
  const rel = relative(real(folder), real(path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`);
}
