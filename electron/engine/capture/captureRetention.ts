// Removing captures: one on request (removeCapture), and those the retention setting no longer
// keeps, after each teardown and on request (pruneCaptures). Only complete archives are ever
// candidates (the listing leaves work files out, so a capture still being written, here or by
// another process, is never touched), and never the capture a teardown has just written.

import { rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaptureSummary, ExpiredCapture, PruneResult, RemovedCapture } from '../../../shared/api/captures.ts';
import type { CaptureRetention } from '../../../shared/api/settings.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { fsReason } from '../files/fsReason.ts';
import { log } from '../log/logger.ts';
import { captureArchivePath, parseCaptureId } from './captureId.ts';
import { listCaptures } from './captureListing.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const GIB = 1024 ** 3;

type Candidate = Pick<CaptureSummary, 'id' | 'stack' | 'createdAt' | 'bytes'>;

/**
 * Which captures the retention setting removes, oldest first: every one older than `maxAgeDays`,
 * then, while the rest together are larger than `maxGiB`, the oldest of them. `keep` (the capture
 * just written) is never chosen, even when it alone is over the size.
 */
export function selectExpired(captures: readonly Candidate[], retention: CaptureRetention, now: Date, keep?: string): ExpiredCapture[] {
  const oldestFirst = [...captures].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const expired: ExpiredCapture[] = [];
  const left: Candidate[] = [];
  const cutoff = retention.maxAgeDays === null ? undefined : now.getTime() - retention.maxAgeDays * DAY_MS;
  for (const c of oldestFirst) {
    const created = Date.parse(c.createdAt);
    if (c.id !== keep && cutoff !== undefined && Number.isFinite(created) && created < cutoff) expired.push({ ...pick(c), reason: 'age' });
    else left.push(c);
  }
  if (retention.maxGiB !== null) {
    const max = retention.maxGiB * GIB;
    let total = left.reduce((n, c) => n + c.bytes, 0);
    for (const c of left) {
      if (total <= max) break;
      if (c.id === keep) continue;
      expired.push({ ...pick(c), reason: 'size' });
      total -= c.bytes;
    }
  }
  return expired.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function pick(c: Candidate): Omit<ExpiredCapture, 'reason'> {
  return { id: c.id, stack: c.stack, createdAt: c.createdAt, bytes: c.bytes };
}

/** Deletes a capture's archive and its sidecar manifest (and the stack's folder once empty). */
export async function removeCapture(captureDir: string, id: unknown): Promise<RemovedCapture> {
  const archive = captureArchivePath(captureDir, id);
  const { stack, timestamp } = parseCaptureId(id);
  const sidecar = join(dirname(archive), `${timestamp}.manifest.json`);
  const bytes = (await stat(archive)).size;
  const files: string[] = [];
  for (const path of [archive, sidecar]) {
    try {
      await rm(path);
      files.push(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new BranchyardError('engine', `cannot remove ${path} of capture ${stack}/${timestamp}: ${fsReason(e)}`, { file: path });
    }
  }
  // Only an empty folder goes: another capture (or one being written) keeps it.
  await rmdir(dirname(archive)).catch(() => {});
  return { id: `${stack}/${timestamp}`, files, bytes };
}

export interface PruneOptions {
  /** The capture just written: never removed. */
  keep?: string;
  dryRun?: boolean;
  now?: Date;
}

/** Applies the retention setting to the capture folder. A capture that cannot be removed is logged and left. */
export async function pruneCaptures(captureDir: string, retention: CaptureRetention, o: PruneOptions = {}): Promise<PruneResult> {
  const all = await listCaptures(captureDir);
  const chosen = retention.maxAgeDays === null && retention.maxGiB === null ? [] : selectExpired(all, retention, o.now ?? new Date(), o.keep);
  const expired: ExpiredCapture[] = [];
  for (const c of chosen) {
    if (!o.dryRun) {
      try {
        await removeCapture(captureDir, c.id);
      } catch (e) {
        log.warn(`removing capture ${c.id} (retention)`, e);
        continue;
      }
    }
    expired.push(c);
  }
  const gone = new Set(expired.map((c) => c.id));
  const kept = all.filter((c) => !gone.has(c.id));
  return { expired, kept: kept.length, keptBytes: kept.reduce((n, c) => n + c.bytes, 0), dryRun: Boolean(o.dryRun) };
}
