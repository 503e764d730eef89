// The capture folder: <captureDir>/<stack>/<timestamp>.tar.gz with <timestamp>.manifest.json
// beside it (so a listing reads small files, not archives; see captureListing.ts). An archive is
// written as a hidden `.partial` file named with its process (workFiles.ts) and renamed only when
// complete, synced and verified: a crash never leaves a half archive under a real name, and the
// next sweep knows whose half archive it is.

import { close, constants, open as openFd } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { CaptureManifest, CaptureSummary } from '../../../shared/api/captures.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolder } from '../files/makeFolder.ts';
import { selfOwner } from '../process/processOwner.ts';
import type { Progress } from '../progress.ts';
import { captureId, captureTimestamp } from './captureId.ts';
import { manifestJson, summarize } from './manifest.ts';
import { type WorkKind, workFileName } from './workFiles.ts';

export { fsReason };

export interface PreparedCapture {
  stack: string;
  timestamp: string;
  id: string;
  createdAt: Date;
  /** <captureDir>/<stack> */
  dir: string;
  partialPath: string;
  /** Where logs wait on their way into the archive (made by writeCapture). */
  spoolDir: string;
  /** The sidecar manifest before its rename. */
  manifestPartialPath: string;
  archivePath: string;
  manifestPath: string;
  /** File descriptor of the partial archive, open for writing: it proves the archive can be
   * written before anything is changed. */
  fd: number;
  /** Closes the descriptor (once). */
  close(): Promise<void>;
  /** Closes and deletes every work file of this capture (after a failure or a cancel). */
  discard(): Promise<void>;
}

function cannotWrite(stack: string, path: string, e: unknown): BranchyardError {
  return new BranchyardError(
    'engine',
    `cannot write the capture of stack ${stack} to ${path}: ${fsReason(e)}. Nothing was changed; set captureDir ` +
      '(or BRANCHYARD_CAPTURE_DIR) to a writable folder, or tear down with --no-capture or --force',
    { file: path },
  );
}

/** Step one of a teardown: the folder exists and the output file is open, or nothing happened. */
export async function prepareCapture(captureDir: string, stack: string, now = new Date()): Promise<PreparedCapture> {
  const dir = join(captureDir, stack);
  try {
    await makeFolder(dir);
  } catch (e) {
    throw cannotWrite(stack, dir, e);
  }
  const timestamp = captureTimestamp(now);
  const work = (kind: WorkKind) => join(dir, workFileName(timestamp, selfOwner(), kind));
  const partialPath = work('tar.gz.partial');
  const spoolDir = work('spool');
  const manifestPartialPath = work('manifest.json.partial');
  let fd: number;
  try {
    fd = await promisify(openFd)(partialPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (e) {
    throw cannotWrite(stack, partialPath, e);
  }
  let closed = false;
  const closeFd = async () => {
    if (closed) return;
    closed = true;
    await promisify(close)(fd);
  };
  return {
    stack,
    timestamp,
    id: captureId(stack, timestamp),
    createdAt: now,
    dir,
    partialPath,
    spoolDir,
    manifestPartialPath,
    archivePath: join(dir, `${timestamp}.tar.gz`),
    manifestPath: join(dir, `${timestamp}.manifest.json`),
    fd,
    close: closeFd,
    async discard() {
      await closeFd().catch(() => {});
      await Promise.all([partialPath, spoolDir, manifestPartialPath].map((p) => rm(p, { recursive: true, force: true })));
    },
  };
}

async function writeDurably(path: string, tmp: string, text: string): Promise<void> {
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function syncFolder(dir: string): Promise<void> {
  // Makes the renames durable on POSIX; Windows cannot open a folder, and needs no such step.
  try {
    const fh = await open(dir, 'r');
    await fh.sync().finally(() => fh.close());
  } catch {
    /* best effort */
  }
}

/**
 * The verified partial becomes the archive, then the sidecar manifest is written beside it. The
 * sidecar only saves a listing from opening the archive (which holds the same manifest): on a
 * disk with room for the archive but not for it, the capture still stands, with a warning.
 */
export async function publishCapture(p: PreparedCapture, manifest: CaptureManifest, progress?: Progress): Promise<CaptureSummary> {
  await p.close();
  await rename(p.partialPath, p.archivePath);
  try {
    await writeDurably(p.manifestPath, p.manifestPartialPath, manifestJson(manifest));
  } catch (e) {
    progress?.({ message: `warning: no sidecar manifest beside ${p.archivePath} (${fsReason(e)}); the archive holds its manifest, so it is listed all the same` });
  }
  await syncFolder(p.dir);
  return summarize(manifest, p.archivePath, (await stat(p.archivePath)).size);
}
