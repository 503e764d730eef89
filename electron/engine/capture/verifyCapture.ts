// Verification before anything is removed: the archive on disk is read back in full and must be
// exactly what its manifest says, and every container's log, read from the engine a second
// time, must be byte for byte what was captured. A capture that fails this is not trusted.

import type Docker from 'dockerode';
import type { CaptureFile, CaptureManifest } from '../../../shared/api/captures.ts';
import { readArchive } from './archiveReader.ts';
import { readContainerLog } from './engineLogs.ts';
import { StreamRecorder } from './logDemux.ts';
import { archiveProblems } from './manifest.ts';
import type { LogCheck } from './writeCapture.ts';

function compare(service: string, stream: string, file: CaptureFile, now: StreamRecorder): string | undefined {
  if (now.bytes === file.bytes && now.digest() === file.sha256) return undefined;
  return `the ${stream} log of ${service} reads ${now.bytes} bytes (sha256 ${now.digest().slice(0, 12)}) from the engine now, the capture has ${file.bytes} (sha256 ${file.sha256.slice(0, 12)})`;
}

/** Every reason the capture cannot be trusted; empty when it checks out. */
export async function verifyCapture(docker: Docker, archivePath: string, manifest: CaptureManifest, logs: LogCheck[], signal?: AbortSignal): Promise<string[]> {
  const contents = await readArchive(archivePath, signal);
  const problems = archiveProblems(manifest, contents.entries, contents.manifest);
  for (const l of logs) {
    const now = { stdout: new StreamRecorder(), stderr: new StreamRecorder() };
    await readContainerLog(docker, l.containerId, l.tty, now, signal);
    for (const stream of ['stdout', 'stderr'] as const) {
      const p = compare(l.service, stream, l[stream], now[stream]);
      if (p) problems.push(p);
    }
  }
  return problems;
}
