// Git submodules of a build's source, checked out as s2i does (`git clone --recursive`, then
// `git submodule update --init --recursive` at the ref): each gitlink in the commit is read from a
// mirror of its own repository (URL from the commit's .gitmodules, relative URLs against the
// superproject's) at the commit the gitlink names, recursively. The result is one tar: the
// superproject's files with every submodule's files under its path.

import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { type GitSourceOptions, ensureMirror, objectType, openArchive } from './gitSource.ts';
import { runGit } from './runGit.ts';

export interface Submodule {
  /** Path inside the repository that contains it. */
  path: string;
  url: string;
  commit: string;
}

/**
 * A submodule URL as git resolves it: `./x` and `../x` are relative to the superproject's URL
 * taken as a folder (`../c.git` of `https://h/a/b.git` is `https://h/a/c.git`); others as written.
 */
export function resolveSubmoduleUrl(superUrl: string, url: string): string {
  if (!url.startsWith('./') && !url.startsWith('../')) return url;
  let base = superUrl.replace(/\/+$/, '');
  let rest = url;
  for (;;) {
    if (rest.startsWith('./')) rest = rest.slice(2);
    else if (rest.startsWith('../')) {
      rest = rest.slice(3);
      const cut = Math.max(base.lastIndexOf('/'), /^[^/]+:[^/]/.test(base) && !base.includes('://') ? base.indexOf(':') : -1);
      // scp-like host:path keeps its colon; a URL keeps its scheme and host
      base = cut > 0 ? base.slice(0, cut + (base[cut] === ':' ? 1 : 0)) : base;
    } else break;
  }
  return base.endsWith(':') ? `${base}${rest}` : `${base}/${rest}`;
}

/** `path` and `url` of every submodule named in .gitmodules of `commit`. */
async function gitmodules(mirror: string, commit: string, signal?: AbortSignal): Promise<Map<string, { path?: string; url?: string }>> {
  const byName = new Map<string, { path?: string; url?: string }>();
  if ((await objectType(mirror, `${commit}:.gitmodules`, signal)) !== 'blob') return byName;
  const r = await runGit(['config', '-z', `--blob=${commit}:.gitmodules`, '--get-regexp', '^submodule\\..*\\.(path|url)$'], { gitDir: mirror, signal });
  for (const rec of r.stdout.toString('utf8').split('\0')) {
    const nl = rec.indexOf('\n');
    if (nl < 0) continue;
    const key = rec.slice(0, nl);
    const m = /^submodule\.(.*)\.(path|url)$/.exec(key);
    if (!m) continue;
    const entry = byName.get(m[1]) ?? {};
    entry[m[2] as 'path' | 'url'] = rec.slice(nl + 1);
    byName.set(m[1], entry);
  }
  return byName;
}

/** The gitlinks of `commit` (mode 160000 entries) with their URLs. */
export async function listSubmodules(mirror: string, superUrl: string, commit: string, signal?: AbortSignal): Promise<Submodule[]> {
  const r = await runGit(['ls-tree', '-r', '-z', commit], { gitDir: mirror, signal });
  const links: { path: string; commit: string }[] = [];
  for (const rec of r.stdout.toString('utf8').split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, object] = rec.slice(0, tab).split(' ');
    if (mode === '160000' && type === 'commit') links.push({ path: rec.slice(tab + 1), commit: object });
  }
  if (!links.length) return [];
  const modules = [...(await gitmodules(mirror, commit, signal)).values()];
  return links.map((l) => {
    const url = modules.find((m) => m.path === l.path)?.url;
    if (!url) throw new BranchyardError('not-found', `submodule ${l.path}: no URL for it in .gitmodules of commit ${commit.slice(0, 12)}`);
    return { path: l.path, url: resolveSubmoduleUrl(superUrl, url), commit: l.commit };
  });
}

async function hasCommit(mirror: string, id: string, signal?: AbortSignal): Promise<boolean> {
  return (await objectType(mirror, id, signal)) === 'commit';
}

/** The mirror of a submodule's repository, with the commit the gitlink names in it. */
async function submoduleMirror(s: Submodule, o: GitSourceOptions): Promise<string> {
  const mirror = await ensureMirror(s.url, o);
  if (!(await hasCommit(mirror, s.commit, o.signal))) {
    // a commit no branch or tag reaches: ask for it by id (servers that allow it answer)
    await runGit(['fetch', 'origin', s.commit], { gitDir: mirror, signal: o.signal });
    if (!(await hasCommit(mirror, s.commit, o.signal))) {
      throw new BranchyardError('not-found', `submodule ${s.path}: commit ${s.commit.slice(0, 12)} not found in ${s.url}`);
    }
  }
  return mirror;
}

export interface ArchivePart {
  /** Prefix of every entry: the submodule's path relative to the archived folder, with `/`; '' for the superproject. */
  prefix: string;
  open(): NodeJS.ReadableStream;
}

/**
 * The submodules inside `contextDir` ('' for the root) of `commit`, and theirs, as parts of an
 * archive of that folder. Their mirrors are fetched here.
 */
export async function submoduleParts(mirror: string, url: string, commit: string, contextDir: string, o: GitSourceOptions): Promise<ArchivePart[]> {
  const parts: ArchivePart[] = [];
  const walk = async (m: string, u: string, c: string, base: string): Promise<void> => {
    for (const s of await listSubmodules(m, u, c, o.signal)) {
      const full = base ? `${base}/${s.path}` : s.path;
      const inside = !contextDir || full.startsWith(`${contextDir}/`);
      if (!inside && !contextDir.startsWith(`${full}/`)) continue;
      o.onOutput?.(`---> submodule ${full} at ${s.commit.slice(0, 12)} from ${s.url}`);
      const sm = await submoduleMirror(s, o);
      if (inside) {
        const prefix = `${contextDir ? full.slice(contextDir.length + 1) : full}/`;
        parts.push({ prefix, open: () => openArchive(sm, s.commit, o.signal) });
      }
      await walk(sm, s.url, s.commit, full);
    }
  };
  await walk(mirror, url, commit, '');
  return parts;
}

/** One tar of every part, in order, each entry under its part's prefix. */
export function concatArchives(parts: ArchivePart[]): Readable {
  const pack = tar.pack();
  const next = (i: number) => {
    if (i >= parts.length) {
      pack.finalize();
      return;
    }
    const source = parts[i].open();
    const extract = tar.extract();
    extract.on('entry', (header, stream, done) => {
      const name = header.name.replace(/^\.\//, '');
      if (header.type === 'pax-global-header' || !name) {
        stream.on('end', done);
        stream.resume();
        return;
      }
      stream.pipe(pack.entry({ ...header, name: `${parts[i].prefix}${name}` }, (err) => done(err)));
    });
    extract.on('finish', () => next(i + 1));
    extract.on('error', (e) => pack.destroy(e));
    source.on('error', (e: Error) => extract.destroy(e));
    source.pipe(extract);
  };
  next(0);
  return pack;
}
