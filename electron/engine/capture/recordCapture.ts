// Steps 3 and 4 of every capture, shared by `down` (the whole stack) and `up` (services no longer
// in the file): write the archive of stopped containers into a prepared `.partial`, read it back
// and the logs again from the engine, and only then publish it under its final name. On any
// failure the partial file is discarded and the error thrown: the caller must then remove nothing.
// A full capture folder is said as such, with the bytes needed and free (folderFull.ts).

import type Docker from 'dockerode';
import type { CaptureSummary } from '../../../shared/api/captures.ts';
import type { ServiceState, StackStatus } from '../../../shared/stack/status.ts';
import { isDiskFull } from '../files/fsReason.ts';
import type { Progress } from '../progress.ts';
import { type PreparedCapture, publishCapture } from './captureStore.ts';
import { folderFullError } from './folderFull.ts';
import { verifyCapture } from './verifyCapture.ts';
import { writeCapture } from './writeCapture.ts';

export interface RecordOptions {
  progress: Progress;
  signal?: AbortSignal;
  /** State of each container (by id) before it was stopped for the capture. */
  stateBefore: Map<string, ServiceState>;
}

export async function recordCapture(docker: Docker, status: StackStatus, prepared: PreparedCapture, o: RecordOptions): Promise<CaptureSummary> {
  try {
    const written = await writeCapture(docker, status, prepared, o);
    o.progress({ message: `verifying ${prepared.partialPath}` });
    const problems = await verifyCapture(docker, prepared.partialPath, written.manifest, written.logChecks, o.signal);
    if (problems.length > 0) {
      throw new Error(`verification failed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    }
    const summary = await publishCapture(prepared, written.manifest, o.progress);
    o.progress({ message: `capture written to ${summary.path}` });
    return summary;
  } catch (e) {
    await prepared.discard();
    // Measured after the discard: the free space the user has to work with.
    if (isDiskFull(e)) throw await folderFullError(prepared.dir, e);
    throw e;
  }
}
