// The hidden files of a capture in progress, beside the archives of its stack:
//   .<timestamp>.<owner>.tar.gz.partial          the archive being written
//   .<timestamp>.<owner>.spool/                  one container's logs on their way into it
//   .<timestamp>.<owner>.manifest.json.partial   the sidecar manifest being written
// <owner> is the writing process (processOwner.ts: host, pid and its start time), in the name
// itself so there is no moment when a work file exists without it. A capture whose process was
// killed (SIGKILL, a crash, a power cut) cannot clean up after itself: the next `down`,
// `captures` or `serve` sweeps its files, and never those of a process that still runs.

import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stackNameProblem } from '../../../shared/stack/naming.ts';
import { type ProcessOwner, isOwnerAlive, ownerToken, parseOwnerToken } from '../process/processOwner.ts';

export type WorkKind = 'tar.gz.partial' | 'spool' | 'manifest.json.partial';

export function workFileName(timestamp: string, owner: ProcessOwner, kind: WorkKind): string {
  return `.${timestamp}.${ownerToken(owner)}.${kind}`;
}

const WORK = /^\.(\d{8}T\d{6}\.\d{3}Z)\.(?:([0-9a-f]{8}-\d+-\d+)\.)?(tar\.gz\.partial|spool|manifest\.json\.partial)$/;

/** The parts of a work file's name; `owner` is missing in names written before owners were. */
export function parseWorkFileName(name: string): { timestamp: string; owner?: ProcessOwner; kind: WorkKind } | undefined {
  const m = WORK.exec(name);
  if (!m) return undefined;
  const owner = m[2] === undefined ? undefined : parseOwnerToken(m[2]);
  if (m[2] !== undefined && !owner) return undefined;
  return { timestamp: m[1], ...(owner ? { owner } : {}), kind: m[3] as WorkKind };
}

/**
 * Work files named without an owner come from a version before owners were recorded: there is
 * no telling whether their process runs, so only those untouched for a day are taken as dead.
 */
export const OWNERLESS_STALE_MS = 24 * 60 * 60 * 1000;

async function newestChange(path: string): Promise<number> {
  const st = await stat(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of await readdir(path)) newest = Math.max(newest, (await stat(join(path, name)).catch(() => st)).mtimeMs);
  return newest;
}

async function abandoned(path: string, owner: ProcessOwner | undefined, now: number): Promise<boolean> {
  if (owner) return !isOwnerAlive(owner);
  return now - (await newestChange(path)) > OWNERLESS_STALE_MS;
}

export interface SweptFile {
  path: string;
  /** The process that left it, when its name says. */
  owner?: ProcessOwner;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * Removes the work files of captures whose process is gone, in the folder of `stack` or of every
 * stack. Best effort: a file that cannot be looked at or removed is left for the next sweep,
 * and nothing here fails the command that asked.
 */
export async function sweepAbandonedCaptures(captureDir: string, stack?: string, now = Date.now()): Promise<SweptFile[]> {
  const stacks = stack ? [stack] : (await entries(captureDir)).filter((n) => !stackNameProblem(n));
  const swept: SweptFile[] = [];
  for (const s of stacks) {
    const dir = join(captureDir, s);
    for (const name of await entries(dir)) {
      const work = parseWorkFileName(name);
      if (!work) continue;
      const path = join(dir, name);
      try {
        if (!(await abandoned(path, work.owner, now))) continue;
        await rm(path, { recursive: true, force: true });
        swept.push({ path, ...(work.owner ? { owner: work.owner } : {}) });
      } catch {
        /* gone meanwhile, or not ours to remove: the next sweep looks again */
      }
    }
  }
  return swept;
}

export function describeSwept(f: SweptFile): string {
  const by = f.owner ? `process ${f.owner.pid}, which no longer runs` : 'a process that stopped a day or more ago';
  return `removed ${f.path}, left by an interrupted capture (${by})`;
}
