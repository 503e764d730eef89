// The source of a source-to-image build: a commit of a git repository, read straight from a cached
// bare mirror (no checkout). The system `git` is used, so the user's SSH keys and credential helpers
// work. Mirrors live in `<cacheDir>/mirrors/<sha256(url) first 16 hex>.git`; a mirror is cloned
// into a temporary directory and renamed into place, then updated with a pruning fetch.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { fsReason } from '../../files/fsReason.ts';
import { makeFolder } from '../../files/makeFolder.ts';
import type { S2iCommitInfo } from '../s2i/s2iLabels.ts';
import { withMirrorLock } from './mirrorLock.ts';
import { gitOk, type GitRunOptions, lastLine, lineSplitter, runGit, spawnError, spawnGit } from './runGit.ts';

export interface SourceCommit {
  id: string;
  ref: string;
  author: string;
  date: string;
  message: string;
  location: string;
}

export interface GitSourceOptions {
  cacheDir: string;
  signal?: AbortSignal;
  onOutput?: (line: string) => void;
}

export interface SourceTreeEntry {
  name: string;
  type: 'blob' | 'tree' | 'commit';
  mode: string;
}

export interface FetchedSource {
  commit: SourceCommit;
  /** The commit as s2i's labels describe it (git's own formats). */
  s2iInfo: S2iCommitInfo;
  mirror: string;
  readFile(path: string): Promise<Buffer | undefined>;
  listDir(path: string): Promise<SourceTreeEntry[] | undefined>;
  /** A tar of the committed content under contextDir; rejects before streaming when it is missing. */
  archive(contextDir?: string): Promise<NodeJS.ReadableStream>;
}

// ---------------------------------------------------------------------------------------------
// input checks

function checkUrl(url: string): void {
  if (!url.trim()) throw new BranchyardError('invalid-input', 'the git repository URL is empty', { field: 'url' });
  if (url.startsWith('-')) {
    throw new BranchyardError('invalid-input', `invalid git repository URL '${url}': it must not begin with '-'`, {
      field: 'url',
    });
  }
  if (/[\0\r\n]/.test(url)) {
    throw new BranchyardError('invalid-input', 'invalid git repository URL: it contains a control character', {
      field: 'url',
    });
  }
}

function checkRef(ref: string): void {
  if (!ref) throw new BranchyardError('invalid-input', 'the git ref is empty', { field: 'ref' });
  if (ref.startsWith('-')) {
    throw new BranchyardError('invalid-input', `invalid git ref '${ref}': it must not begin with '-'`, { field: 'ref' });
  }
  if (/[\0-\x1f\x7f\s]/.test(ref)) {
    throw new BranchyardError('invalid-input', `invalid git ref '${ref}': it contains a space or control character`, {
      field: 'ref',
    });
  }
}

/**
 * A path inside the commit, relative to its root: `''` for the root. `..` segments, absolute paths
 * and NULs are refused with `what` in the message.
 */
function normalisePath(p: string, what: string, field?: string): string {
  const fail = (why: string) =>
    new BranchyardError('invalid-input', `${what} '${p}' ${why}`, field ? { field } : {});
  if (p.includes('\0')) throw fail('contains a NUL character');
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p)) {
    throw fail('must be relative to the repository root');
  }
  const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) throw fail("must not contain '..'");
  return parts.join('/');
}

// ---------------------------------------------------------------------------------------------
// the mirror

/** A local path (not a URL, not scp-like `host:path`) is made absolute, so the mirror key is stable. */
function canonicalUrl(url: string): string {
  const isUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url);
  const scpLike = /^[^/\\]*:/.test(url) && !/^[A-Za-z]:[\\/]/.test(url);
  if (isUrl || scpLike) return url;
  return path.resolve(url);
}

export function mirrorPathFor(cacheDir: string, url: string): string {
  const key = createHash('sha256').update(canonicalUrl(url)).digest('hex').slice(0, 16);
  return path.join(path.resolve(cacheDir), 'mirrors', `${key}.git`);
}

// `git archive` obeys `export-ignore` / `export-subst` attributes, a checkout does not: attributes in
// $GIT_DIR/info/attributes win over the tree's .gitattributes, so the archive equals a checkout.
const INFO_ATTRIBUTES = '* -export-ignore -export-subst\n';

async function writeAttributes(gitDir: string): Promise<void> {
  await mkdir(path.join(gitDir, 'info'), { recursive: true });
  await writeFile(path.join(gitDir, 'info', 'attributes'), INFO_ATTRIBUTES);
}

// gc in the foreground, while the mirror is locked
const FETCH_CONFIG = { 'gc.autoDetach': 'false' };

async function updateMirror(url: string, mirror: string, o: GitSourceOptions): Promise<void> {
  const run: GitRunOptions = { signal: o.signal, onOutput: o.onOutput, config: FETCH_CONFIG };
  const cannotFetch = (stderr: string, code: number) =>
    new BranchyardError('not-found', `cannot fetch ${url}: ${lastLine(stderr) || `git exited with status ${code}`}`);

  if (existsSync(path.join(mirror, 'HEAD'))) {
    const r = await runGit(['fetch', '--prune', '--progress', 'origin'], { ...run, gitDir: mirror });
    if (r.code !== 0) throw cannotFetch(r.stderr, r.code);
    await writeAttributes(mirror);
    return;
  }

  const dir = path.dirname(mirror);
  const base = path.basename(mirror);
  // we hold the lock: temporary clones of this mirror were left by a process that died
  for (const name of await readdir(dir)) {
    if (name.startsWith(`${base}.tmp-`)) await rm(path.join(dir, name), { recursive: true, force: true });
  }
  if (existsSync(mirror)) await rm(mirror, { recursive: true, force: true }); // no HEAD: not a repository

  const tmp = path.join(dir, `${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const source = canonicalUrl(url);
    const r = await runGit(['clone', '--mirror', '--progress', '--', source, tmp], run);
    if (r.code !== 0) throw cannotFetch(r.stderr, r.code);
    await writeAttributes(tmp);
    await rename(tmp, mirror);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Clones or updates the mirror of `url`, one writer at a time; returns its path. */
export async function ensureMirror(url: string, o: GitSourceOptions): Promise<string> {
  checkUrl(url);
  const mirror = mirrorPathFor(o.cacheDir, url);
  // The cache folder may be the user's (BRANCHYARD_CACHE_DIR): made without the recursive mkdir.
  await makeFolder(path.dirname(mirror)).catch((e) => {
    throw new BranchyardError('engine', `cannot make the git mirror cache ${path.dirname(mirror)}: ${fsReason(e)}`, { file: path.dirname(mirror) });
  });
  await withMirrorLock(
    mirror,
    `${mirror}.lock`,
    { signal: o.signal, onWait: () => o.onOutput?.(`waiting for another fetch of ${url}`) },
    () => updateMirror(url, mirror, o),
  );
  return mirror;
}

// ---------------------------------------------------------------------------------------------
// reading the commit

async function revParseCommit(mirror: string, rev: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    gitDir: mirror,
    signal,
  });
  const id = r.stdout.toString('utf8').trim();
  return r.code === 0 && /^[0-9a-f]{40,64}$/.test(id) ? id : undefined;
}

async function resolveIn(mirror: string, url: string, ref: string, o: GitSourceOptions): Promise<{ commit: SourceCommit; info: S2iCommitInfo }> {
  let id: string | undefined;
  let kind = 0;
  for (const candidate of [`refs/heads/${ref}`, `refs/tags/${ref}`, ref]) {
    id = await revParseCommit(mirror, candidate, o.signal);
    if (id) break;
    kind++;
  }
  if (!id) throw new BranchyardError('not-found', `ref '${ref}' not found in ${url}`);

  // %ad with the default date format and %<(80,trunc)%s are what s2i asks git for its labels.
  const out = await gitOk(['show', '-s', '--no-show-signature', '--date=default', '--format=%H%x00%an <%ae>%x00%aI%x00%ad%x00%<(80,trunc)%s%x00%B', id], {
    gitDir: mirror,
    signal: o.signal,
    config: { 'i18n.logOutputEncoding': 'UTF-8' },
  });
  const [, author = '', date = '', s2iDate = '', subject = '', ...message] = out.toString('utf8').split('\0');
  return {
    commit: { id, ref, author, date, message: message.join('\0').trim(), location: url },
    info: { date: s2iDate.trim(), subject: subject.trim(), refIsBranch: kind === 0 },
  };
}

export async function objectType(mirror: string, spec: string, signal?: AbortSignal): Promise<string | undefined> {
  const r = await runGit(['cat-file', '-t', spec], { gitDir: mirror, signal });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

function parseTree(out: Buffer): SourceTreeEntry[] {
  const entries: SourceTreeEntry[] = [];
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    // <mode> SP <type> SP <object> TAB <name>
    const tab = rec.indexOf('\t');
    const [mode, type] = rec.slice(0, tab).split(' ');
    if (type === 'blob' || type === 'tree' || type === 'commit') entries.push({ name: rec.slice(tab + 1), type, mode });
  }
  return entries;
}

export function openArchive(mirror: string, treeish: string, signal?: AbortSignal): NodeJS.ReadableStream {
  const out = new PassThrough();
  const child = spawnGit(['archive', '--format=tar', treeish], { gitDir: mirror, signal });
  let stderr = '';
  const lines = lineSplitter((l) => (stderr += `${l}\n`));
  child.stderr!.on('data', (b: Buffer) => lines.push(b));
  child.stdout!.pipe(out, { end: false }); // ended below, once the exit status is known
  child.once('error', (e) => out.destroy(spawnError(e)));
  child.once('close', (code) => {
    lines.end();
    if (signal?.aborted) out.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    else if (code === 0) out.end();
    else out.destroy(new BranchyardError('not-found', `git archive failed: ${lastLine(stderr) || `exit status ${code}`}`));
  });
  // a consumer that gives up early ends git too
  out.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return out;
}

function sourceOf(mirror: string, { commit, info }: { commit: SourceCommit; info: S2iCommitInfo }, o: GitSourceOptions): FetchedSource {
  const at = (p: string) => `${commit.id}:${p}`;
  return {
    commit,
    s2iInfo: info,
    mirror,
    async readFile(p) {
      const rel = normalisePath(p, 'path');
      if (!rel) return undefined;
      if ((await objectType(mirror, at(rel), o.signal)) !== 'blob') return undefined;
      return gitOk(['cat-file', 'blob', at(rel)], { gitDir: mirror, signal: o.signal });
    },
    async listDir(p) {
      const rel = normalisePath(p, 'path');
      if ((await objectType(mirror, at(rel), o.signal)) !== 'tree') return undefined;
      return parseTree(await gitOk(['ls-tree', '-z', at(rel)], { gitDir: mirror, signal: o.signal }));
    },
    async archive(contextDir = '.') {
      const rel = normalisePath(contextDir, 'context_dir', 'context_dir');
      if (rel && (await objectType(mirror, at(rel), o.signal)) !== 'tree') {
        throw new BranchyardError(
          'invalid-input',
          `context_dir '${contextDir}' does not exist in commit ${commit.id.slice(0, 7)}`,
          { field: 'context_dir' },
        );
      }
      return openArchive(mirror, rel ? at(rel) : commit.id, o.signal);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// API

/** Fetches `url` into its mirror and resolves `ref` (branch, tag, full or abbreviated sha). */
export async function fetchSource(url: string, ref: string, o: GitSourceOptions): Promise<FetchedSource> {
  checkUrl(url);
  checkRef(ref);
  const mirror = await ensureMirror(url, o);
  const commit = await resolveIn(mirror, url, ref, o);
  return sourceOf(mirror, commit, o);
}

/** Only resolves the ref after a fetch, without reading anything else: used by redeploy to see if the commit changed. */
export async function resolveCommit(url: string, ref: string, o: GitSourceOptions): Promise<SourceCommit> {
  checkUrl(url);
  checkRef(ref);
  const mirror = await ensureMirror(url, o);
  return (await resolveIn(mirror, url, ref, o)).commit;
}
