// The capture folder: <captureDir>/<stack>/<timestamp>.tar.gz with <timestamp>.manifest.json
// beside it (so a listing reads small files, not archives; see captureListing.ts). An archive is written as a hidden
// `.partial` file and renamed only when complete, synced and verified: a crash never leaves a
// half archive under a real name.

import { close, constants, open as openFd } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import type { CaptureManifest, CaptureSummary } from '../../../shared/api/captures.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { captureId, captureTimestamp } from './captureId.ts';
import { manifestJson, summarize } from './manifest.ts';

export interface PreparedCapture {
  stack: string;
  timestamp: string;
  id: string;
  createdAt: Date;
  /** <captureDir>/<stack> */
  dir: string;
  partialPath: string;
  archivePath: string;
  manifestPath: string;
  /** File descriptor of the partial archive, open for writing: it proves the archive can be
   * written before anything is changed. */
  fd: number;
  /** Closes the descriptor (once). */
  close(): Promise<void>;
  /** Closes and deletes the partial archive (after a failure or a cancel). */
  discard(): Promise<void>;
}

/** Why a file operation failed, in words (the code stays for searching). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EEXIST: 'a file of that name exists already',
    ENOENT: 'no such file or folder',
  };
  return err?.code && words[err.code] ? `${words[err.code]} (${err.code})` : (err?.message ?? String(e));
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
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw cannotWrite(stack, dir, e);
  }
  const timestamp = captureTimestamp(now);
  const partialPath = join(dir, `.${timestamp}.tar.gz.partial`);
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
    archivePath: join(dir, `${timestamp}.tar.gz`),
    manifestPath: join(dir, `${timestamp}.manifest.json`),
    fd,
    close: closeFd,
    async discard() {
      await closeFd().catch(() => {});
      await rm(partialPath, { force: true });
    },
  };
}

async function writeDurably(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.partial`);
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
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

/** The verified partial becomes the archive, then the sidecar manifest is written beside it. */
export async function publishCapture(p: PreparedCapture, manifest: CaptureManifest): Promise<CaptureSummary> {
  await p.close();
  await rename(p.partialPath, p.archivePath);
  await writeDurably(p.manifestPath, manifestJson(manifest));
  await syncFolder(p.dir);
  return summarize(manifest, p.archivePath, (await stat(p.archivePath)).size);
}
