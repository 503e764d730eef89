// Removing some services of a running stack (those `up` finds no longer in the file) as `down`
// removes a whole stack: stop them, capture their logs, inspect documents and files into an
// archive of their own, verify it, and only then remove the containers. If the capture cannot be
// made, nothing is removed and the error says how to keep them instead.

import type Docker from 'dockerode';
import type { CaptureSummary } from '../../../shared/api/captures.ts';
import { BranchyardError, isCancelled } from '../../../shared/errors/errors.ts';
import type { ServiceState, StackStatus } from '../../../shared/stack/status.ts';
import { statusOf } from '../docker/connect.ts';
import type { Progress } from '../progress.ts';
import { stopStack } from '../stacks/down.ts';
import { prepareCapture } from './captureStore.ts';
import { recordCapture } from './recordCapture.ts';

export interface RemoveWithCaptureOptions {
  captureDir: string;
  progress: Progress;
  signal?: AbortSignal;
}

/** `status` holds only the services to remove. Returns the capture they went into. */
export async function removeWithCapture(docker: Docker, status: StackStatus, o: RemoveWithCaptureOptions): Promise<CaptureSummary> {
  const names = status.services.map((s) => s.name).join(', ');
  const prepared = await prepareCapture(o.captureDir, status.name);
  let summary: CaptureSummary;
  try {
    const stateBefore = new Map<string, ServiceState>(status.services.map((s) => [s.containerId, s.state]));
    await stopStack(docker, status, o.progress, o.signal);
    summary = await recordCapture(docker, status, prepared, { progress: o.progress, signal: o.signal, stateBefore });
  } catch (e) {
    await prepared.discard();
    if (isCancelled(e)) throw e;
    throw new BranchyardError(
      'engine',
      `cannot capture ${names} (no longer in the file) before removing them: ${(e as Error).message}. Nothing was removed; ` +
        '`up --keep-orphans` leaves them as they are',
    );
  }
  await Promise.all(
    status.services.map(async (s) => {
      try {
        await docker.getContainer(s.containerId).remove({ v: true, force: true });
        o.progress({ service: s.name, message: `removed (not in the file any more; logs in ${summary.path})` });
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
    }),
  );
  return summary;
}
