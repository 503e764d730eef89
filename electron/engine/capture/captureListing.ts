// Listing and showing captures: from the sidecar manifests, falling back to the manifest.json
// inside an archive that has none. Files that are not complete archives are left out.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureManifest, CaptureSummary } from '../../../shared/api/captures.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { stackNameProblem } from '../../../shared/stack/naming.ts';
import { readArchive } from './archiveReader.ts';
import { captureArchivePath, captureId, isCaptureTimestamp, parseCaptureId } from './captureId.ts';
import { fsReason } from './captureStore.ts';
import { parseManifest, summarize } from './manifest.ts';

async function readManifestOf(dir: string, stack: string, timestamp: string): Promise<CaptureManifest | undefined> {
  const id = captureId(stack, timestamp);
  try {
    const m = parseManifest(await readFile(join(dir, `${timestamp}.manifest.json`), 'utf8'), id);
    if (m) return m;
  } catch {
    /* no sidecar: read the archive */
  }
  try {
    const { manifest } = await readArchive(join(dir, `${timestamp}.tar.gz`));
    return manifest === undefined ? undefined : parseManifest(manifest, id);
  } catch {
    return undefined;
  }
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw new BranchyardError('engine', `cannot read the capture folder ${dir}: ${fsReason(e)}`, { file: dir });
  }
}

/** Every capture (of one stack, or all), newest first. Unreadable archives are left out. */
export async function listCaptures(captureDir: string, stack?: string): Promise<CaptureSummary[]> {
  const stacks = stack ? [stack] : (await entriesOf(captureDir)).filter((n) => !stackNameProblem(n));
  const out: CaptureSummary[] = [];
  for (const s of stacks) {
    const dir = join(captureDir, s);
    for (const name of await entriesOf(dir)) {
      const timestamp = name.endsWith('.tar.gz') ? name.slice(0, -'.tar.gz'.length) : '';
      if (!isCaptureTimestamp(timestamp)) continue;
      const manifest = await readManifestOf(dir, s, timestamp);
      if (!manifest) continue;
      const path = join(dir, name);
      out.push(summarize(manifest, path, (await stat(path)).size));
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.stack.localeCompare(b.stack));
}

export async function showCapture(captureDir: string, id: unknown): Promise<CaptureManifest> {
  const archive = captureArchivePath(captureDir, id);
  const { stack, timestamp } = parseCaptureId(id);
  const dir = join(captureDir, stack);
  const manifest = await readManifestOf(dir, stack, timestamp);
  if (!manifest) throw new BranchyardError('engine', `capture ${stack}/${timestamp} has no readable manifest (${archive})`, { file: archive });
  return manifest;
}
