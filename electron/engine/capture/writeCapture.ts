// Writes the archive of one teardown: for every container of the stack its complete logs (per
// stream, exactly the engine's payload bytes), the partial-entry offsets, its inspect document,
// its build log and its x-branchyard.capture paths, then manifest.json last (it holds every
// other file's sha256). One container at a time, so disk and memory use stay bounded.
//
// Logs are spooled to a temp file first, then streamed into the archive: a tar header needs the
// size before the data, and a spool gets it from one engine read. Counting first and streaming
// in a second read would read every log twice more (verification reads it once again anyway)
// and would trust the engine to return the same bytes twice, which is what verification checks.

import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { CaptureFile, CaptureManifest, CapturedService } from '../../../shared/api/captures.ts';
import type { ServiceState, StackStatus } from '../../../shared/stack/status.ts';
import { LABEL } from '../docker/labels.ts';
import { buildLogPath } from '../paths.ts';
import type { Progress } from '../progress.ts';
import { serviceDir } from './archiveNames.ts';
import { ArchiveWriter } from './archiveWriter.ts';
import type { PreparedCapture } from './captureStore.ts';
import { copyCapturePaths, labelPaths } from './copyPaths.ts';
import { readContainerLog } from './engineLogs.ts';
import { isDiskFull } from '../files/fsReason.ts';
import { CaptureFolderFull } from './folderFull.ts';
import { SpoolFile } from './spoolFile.ts';
import { StreamRecorder } from './logDemux.ts';
import { MANIFEST_NAME, ManifestBuilder, manifestJson } from './manifest.ts';

const VALID_SERVICE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** What verification re-reads from the engine: the log files as the manifest records them. */
export interface LogCheck {
  service: string;
  containerId: string;
  tty: boolean;
  stdout: CaptureFile;
  stderr: CaptureFile;
}

export interface WrittenCapture {
  manifest: CaptureManifest;
  logChecks: LogCheck[];
}

export interface WriteCaptureOptions {
  progress: Progress;
  signal?: AbortSignal;
  /** State of each container (by id) before teardown stopped the stack. */
  stateBefore: Map<string, ServiceState>;
}

/** Spools one stream and adds it (and its partials, when any) to the archive. */
async function addLog(writer: ArchiveWriter, builder: ManifestBuilder, service: string, name: string, spool: string, rec: StreamRecorder): Promise<CaptureFile> {
  const w = await writer.addStream(name, rec.bytes, createReadStream(spool));
  // The spool must read back as the bytes the engine sent: a disk problem shows here, not later.
  if (w.bytes !== rec.bytes || w.sha256 !== rec.digest()) throw new Error(`the spooled log ${spool} does not read back as written`);
  const file: CaptureFile = { path: name, kind: 'log', service, bytes: w.bytes, sha256: w.sha256 };
  builder.addFile(file);
  if (rec.partialEnds.length > 0) {
    const partials = name.replace(/\.log$/, '.partials');
    const p = await writer.addBuffer(partials, JSON.stringify(rec.partialEnds));
    builder.addFile({ path: partials, kind: 'partials', service, ...p });
  }
  return file;
}

/** What every container's capture shares within one teardown. */
interface Run {
  docker: Docker;
  status: StackStatus;
  writer: ArchiveWriter;
  builder: ManifestBuilder;
  spoolDir: string;
  o: WriteCaptureOptions;
  /** Bytes of logs spooled now (on disk until they are in the archive), for a full disk's error. */
  spooled: number;
}

async function captureContainer(run: Run, svc: StackStatus['services'][number], dir: string): Promise<LogCheck> {
  const { docker, status, writer, builder, spoolDir, o } = run;
  const info = await docker.getContainer(svc.containerId).inspect();
  const tty = Boolean(info.Config?.Tty);
  const labels = info.Config?.Labels ?? {};

  const spool = { stdout: new SpoolFile(join(spoolDir, 'stdout')), stderr: new SpoolFile(join(spoolDir, 'stderr')) };
  const rec = { stdout: new StreamRecorder(spool.stdout), stderr: new StreamRecorder(spool.stderr) };
  try {
    await readContainerLog(docker, svc.containerId, tty, rec, o.signal);
  } finally {
    await Promise.all([spool.stdout.close(), spool.stderr.close()]);
  }
  run.spooled = rec.stdout.bytes + rec.stderr.bytes;
  // The whole log was read (and counted) even after the disk filled: the error can say how much
  // this container's spool alone needed, on top of the archive so far.
  if (spool.stdout.full || spool.stderr.full) throw new CaptureFolderFull(writer.bytesOffered + run.spooled);
  const stdout = await addLog(writer, builder, svc.name, `${dir}/stdout.log`, spool.stdout.path, rec.stdout);
  const stderr = await addLog(writer, builder, svc.name, `${dir}/stderr.log`, spool.stderr.path, rec.stderr);
  await Promise.all([rm(spool.stdout.path, { force: true }), rm(spool.stderr.path, { force: true })]);
  run.spooled = 0;

  const inspectName = `${dir}/inspect.json`;
  builder.addFile({ path: inspectName, kind: 'inspect', service: svc.name, ...(await writer.addBuffer(inspectName, `${JSON.stringify(info, null, 2)}\n`)) });

  // A label is not trusted as a path: only a valid service name finds its build log.
  if (VALID_SERVICE.test(svc.name)) {
    const path = buildLogPath(status.name, svc.name);
    const st = await stat(path).catch(() => undefined);
    if (st?.isFile()) {
      const name = `${dir}/build.log`;
      // Exactly the size seen now, so a log still being appended to cannot break the tar entry.
      const written = st.size > 0 ? await writer.addStream(name, st.size, createReadStream(path, { start: 0, end: st.size - 1 })) : await writer.addBuffer(name, '');
      builder.addFile({ path: name, kind: 'build-log', service: svc.name, ...written });
    }
  }

  const { paths, problem } = labelPaths(labels[LABEL.capture]);
  const copied = await copyCapturePaths(docker, svc.containerId, dir, paths, writer, svc.name, o.signal);
  for (const f of copied.files) builder.addFile(f);
  const missing = problem ? [{ path: LABEL.capture, reason: problem }, ...copied.missing] : copied.missing;

  const before = o.stateBefore.get(svc.containerId);
  const state = info.State?.Status ?? svc.state;
  const service: CapturedService = {
    name: svc.name,
    containerId: info.Id,
    containerName: info.Name.replace(/^\//, ''),
    image: info.Config?.Image ?? svc.image,
    imageId: info.Image,
    state,
    ...(state === 'exited' || state === 'dead' ? { exitCode: info.State.ExitCode } : {}),
    stoppedByTeardown: before === 'running' || before === 'restarting' || before === 'paused',
    ...(labels[LABEL.commit] ? { commit: labels[LABEL.commit] } : {}),
    tty,
    logBytes: { stdout: rec.stdout.bytes, stderr: rec.stderr.bytes },
    logLines: { stdout: rec.stdout.lines, stderr: rec.stderr.lines },
    logPartials: { stdout: rec.stdout.partialEnds.length, stderr: rec.stderr.partialEnds.length },
    capturePaths: paths.map(String),
    ...(missing.length ? { missing } : {}),
    ...(copied.skipped.length ? { skipped: copied.skipped } : {}),
  };
  builder.addService(service);
  return { service: svc.name, containerId: svc.containerId, tty, stdout, stderr };
}

/** Writes the whole archive into the prepared `.partial` file and syncs it. */
export async function writeCapture(docker: Docker, status: StackStatus, prepared: PreparedCapture, o: WriteCaptureOptions): Promise<WrittenCapture> {
  const builder = new ManifestBuilder({
    id: prepared.id,
    stack: status.name,
    template: status.template,
    ...(status.branch ? { branch: status.branch } : {}),
    createdAt: prepared.createdAt.toISOString(),
  });
  const writer = new ArchiveWriter(prepared.fd, prepared.createdAt, o.signal);
  const spoolDir = prepared.spoolDir;
  const logChecks: LogCheck[] = [];
  const taken = new Set<string>();
  const run: Run = { docker, status, writer, builder, spoolDir, o, spooled: 0 };
  try {
    // A child of the prepared folder, which exists: a plain mkdir.
    await mkdir(spoolDir);
    for (const svc of [...status.services].sort((a, b) => a.name.localeCompare(b.name))) {
      o.signal?.throwIfAborted();
      o.progress({ service: svc.name, message: 'capturing logs and files' });
      logChecks.push(await captureContainer(run, svc, serviceDir(svc.name, svc.containerId, taken)));
    }
    const manifest = builder.build();
    await writer.addBuffer(MANIFEST_NAME, manifestJson(manifest));
    await writer.finish();
    return { manifest, logChecks };
  } catch (e) {
    await writer.destroy();
    // The archive's own write (or any other) hit the full disk: what it had plus what was spooled.
    if (isDiskFull(e) && !(e instanceof CaptureFolderFull)) throw new CaptureFolderFull(writer.bytesOffered + run.spooled, e);
    throw e;
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}
