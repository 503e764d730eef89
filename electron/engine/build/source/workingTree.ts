// `x-s2i.copy`: s2i's --copy, the source is a local folder as it is (uncommitted and untracked
// files too), not a commit; only the .git folder stays out (s2i's default exclusion). The "commit"
// of such a source is a digest of its files, so an unchanged folder reuses its image and a
// changed one rebuilds. s2i labels such an image with its location only (no commit labels).

import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { FetchedSource, SourceTreeEntry } from './gitSource.ts';

interface TreeFile {
  rel: string;
  kind: 'dir' | 'file' | 'link';
  mode: number;
}

const skipped = (name: string) => name === '.git';

function walk(root: string, rel: string, out: TreeFile[]): void {
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    if (skipped(name)) continue;
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(path.join(root, r));
    if (st.isDirectory()) {
      out.push({ rel: r, kind: 'dir', mode: st.mode & 0o7777 });
      walk(root, r, out);
    } else if (st.isFile()) out.push({ rel: r, kind: 'file', mode: st.mode & 0o7777 });
    else if (st.isSymbolicLink()) out.push({ rel: r, kind: 'link', mode: 0o777 });
  }
}

function treeOf(root: string): TreeFile[] {
  const files: TreeFile[] = [];
  walk(root, '', files);
  return files;
}

/** A digest of the folder's files (paths, modes, contents): the "commit" of a copied source. */
export function workingTreeDigest(root: string): string {
  const hash = createHash('sha256');
  for (const f of treeOf(root)) {
    const full = path.join(root, f.rel);
    const content = f.kind === 'file' ? createHash('sha256').update(readFileSync(full)).digest('hex') : f.kind === 'link' ? readlinkSync(full) : '';
    hash.update(`${f.rel}\0${f.kind}\0${f.mode}\0${content}\0`);
  }
  return hash.digest('hex');
}

function inside(root: string, p: string): string {
  const full = path.resolve(root, p);
  if (full !== root && !full.startsWith(`${root}${path.sep}`)) throw new BranchyardError('invalid-input', `path '${p}' is outside ${root}`);
  return full;
}

/** The folder `dir` as a build source. */
export function copySource(dir: string): FetchedSource {
  const root = path.resolve(dir);
  try {
    if (!lstatSync(root).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    throw new BranchyardError('not-found', `x-s2i.copy: ${root} is not a folder: ${(e as Error).message}`, { field: 'x-s2i.git' });
  }
  const id = workingTreeDigest(root);
  return {
    commit: { id, ref: 'working tree', author: '', date: '', message: `working tree of ${root}`, location: root },
    s2iInfo: { date: '', subject: '', refIsBranch: false },
    mirror: '',
    async readFile(p) {
      try {
        const full = inside(root, p);
        return lstatSync(full).isFile() ? readFileSync(full) : undefined;
      } catch {
        return undefined;
      }
    },
    async listDir(p) {
      let full: string;
      try {
        full = inside(root, p);
        if (!lstatSync(full).isDirectory()) return undefined;
      } catch {
        return undefined;
      }
      return readdirSync(full).filter((n) => !skipped(n)).map((name): SourceTreeEntry => {
        const st = lstatSync(path.join(full, name));
        return { name, type: st.isDirectory() ? 'tree' : 'blob', mode: st.isDirectory() ? '040000' : st.mode & 0o111 ? '100755' : '100644' };
      });
    },
    async archive(contextDir = '.') {
      const base = inside(root, contextDir);
      try {
        if (!lstatSync(base).isDirectory()) throw new Error();
      } catch {
        throw new BranchyardError('invalid-input', `context_dir '${contextDir}' does not exist in ${root}`, { field: 'context_dir' });
      }
      const pack = tar.pack();
      const out = new PassThrough();
      pack.pipe(out);
      // entries one after the other, file contents read as they are packed
      (async () => {
        for (const f of treeOf(base)) {
          const full = path.join(base, f.rel);
          if (f.kind === 'dir') pack.entry({ name: `${f.rel}/`, type: 'directory', mode: f.mode });
          else if (f.kind === 'link') pack.entry({ name: f.rel, type: 'symlink', linkname: readlinkSync(full) });
          else await new Promise<void>((res, rej) => pack.entry({ name: f.rel, mode: f.mode }, readFileSync(full), (e) => (e ? rej(e) : res())));
        }
        pack.finalize();
      })().catch((e) => out.destroy(e as Error));
      return out;
    },
  };
}
