// Copies the x-branchyard.capture paths out of a (stopped) container with the archive API and
// re-packs every entry into the capture under a name made safe (archiveNames.ts). The engine's
// tar headers carry each file's size, so entries stream straight through without spooling.

import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import type { CaptureFile } from '../../../shared/api/captures.ts';
import { engineMessage, statusOf } from '../docker/connect.ts';
import { mapArchiveEntry, normaliseCapturePath } from './archiveNames.ts';
import type { ArchiveWriter } from './archiveWriter.ts';

export interface CopyResult {
  files: CaptureFile[];
  missing: { path: string; reason: string }[];
  skipped: { path: string; reason: string }[];
}

/** The capture label's paths; a label that is not a JSON list of strings is reported, not fatal. */
export function labelPaths(label: string | undefined): { paths: unknown[]; problem?: string } {
  if (!label) return { paths: [] };
  try {
    const v = JSON.parse(label) as unknown;
    if (Array.isArray(v)) return { paths: v };
  } catch {
    /* reported below */
  }
  return { paths: [], problem: `the capture label is not a JSON list of paths: ${label.slice(0, 200)}` };
}

export async function copyCapturePaths(
  docker: Docker,
  containerId: string,
  dir: string,
  paths: unknown[],
  writer: ArchiveWriter,
  service: string,
  signal?: AbortSignal,
): Promise<CopyResult> {
  const result: CopyResult = { files: [], missing: [], skipped: [] };
  const stored = new Set<string>();
  for (const raw of paths) {
    const checked = normaliseCapturePath(raw);
    if ('problem' in checked) {
      result.missing.push({ path: String(raw), reason: checked.problem });
      continue;
    }
    const path = checked.path;
    let source: NodeJS.ReadableStream;
    try {
      source = (await docker.getContainer(containerId).getArchive({ path, abortSignal: signal } as { path: string })) as NodeJS.ReadableStream;
    } catch (e) {
      // 404 is "no such file in the container": recorded, not a failure. Anything else is.
      if (statusOf(e) === 404) {
        result.missing.push({ path, reason: 'no such file or folder in the container' });
        continue;
      }
      throw new Error(`cannot copy ${path} out of the container of ${service}: ${engineMessage(e)}`);
    }
    await repackArchive(source, dir, path, writer, service, stored, result, signal);
  }
  return result;
}

/**
 * Re-packs the engine's tar of `path` into the capture: files and folders under their safe
 * names, everything else recorded as skipped. `stored` holds the names used so far.
 */
export async function repackArchive(
  source: NodeJS.ReadableStream,
  dir: string,
  path: string,
  writer: ArchiveWriter,
  service: string,
  stored: Set<string>,
  result: CopyResult,
  signal?: AbortSignal,
): Promise<void> {
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const decision = mapArchiveEntry(dir, path, header);
    const inContainer = `${path.replace(/\/[^/]*$/, '')}/${header.name}`.replace(/\/+/g, '/');
    const skip = (reason: string) => {
      result.skipped.push({ path: inContainer, reason });
      stream.resume();
      next();
    };
    if ('ignore' in decision) {
      stream.resume();
      return next();
    }
    if ('skip' in decision) return skip(decision.skip);
    if (stored.has(decision.name)) return skip('stored already under the same name');
    stored.add(decision.name);
    const mtime = header.mtime instanceof Date ? header.mtime : undefined;
    const mode = (header.mode ?? 0o644) & 0o777;
    if (decision.store === 'directory') {
      stream.resume();
      writer.addDirectory(decision.name, { mode, mtime }).then(() => next(), next);
      return;
    }
    writer.addStream(decision.name, header.size ?? 0, stream, { mode, mtime }).then(
      (w) => {
        result.files.push({ path: decision.name, kind: 'file', service, source: inContainer, bytes: w.bytes, sha256: w.sha256 });
        next();
      },
      next,
    );
  });
  await pipeline(source, extract, signal ? { signal } : {});
}
