// Teardown with capture, the `down` of the contract. In order, and nothing is removed until
// the capture is safe on disk:
//   1. the capture folder exists and the output file is open (else: error, nothing changed);
//   2. the services stop, dependants first, so their logs are final;
//   3. every container is captured into one archive (writeCapture.ts);
//   4. the archive is read back and the logs read again from the engine (verifyCapture.ts);
//   5. only then the stack is removed, and its build logs (now in the archive) deleted.
// A failure in 3 or 4 leaves the stopped stack in place (`up` starts it again) unless `force`.
// Before step 1, the work files of captures whose process was killed are swept (workFiles.ts).

import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import type { CaptureSummary } from '../../../shared/api/captures.ts';
import type { DownParams, DownResult } from '../../../shared/api/stacks.ts';
import { BranchyardError, cancelledError, isCancelled } from '../../../shared/errors/errors.ts';
import type { ServiceState } from '../../../shared/stack/status.ts';
import { buildLogPath } from '../paths.ts';
import type { Progress } from '../progress.ts';
import { removeStack, stopStack } from '../stacks/down.ts';
import { inspectStack } from '../stacks/inspectStacks.ts';
import { checkStackName } from './captureId.ts';
import { type PreparedCapture, prepareCapture } from './captureStore.ts';
import { recordCapture } from './recordCapture.ts';
import { describeSwept, sweepAbandonedCaptures } from './workFiles.ts';

export interface TeardownOptions {
  captureDir: string;
  progress: Progress;
  signal?: AbortSignal;
}

function why(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

/** A cancel before the removal: the stack stays, stopped as far as the stop had got. */
function nothingRemoved(): never {
  throw cancelledError('teardown cancelled: nothing was removed (a stop the engine had begun still completes; `branchyard up` starts stopped services again)');
}

/** The build logs of a stack live until its teardown has them safe (or the user declined). */
async function deleteBuildLogs(stack: string): Promise<void> {
  await rm(dirname(buildLogPath(stack, 'any')), { recursive: true, force: true });
}

/** With --force and no archive: say whose logs are lost, so nobody looks for them later. */
function notCaptured(status: { services: { name: string }[] }): string {
  const names = [...new Set(status.services.map((s) => s.name))].sort().join(', ');
  return `not captured: the logs, inspect documents and files of ${names}`;
}

export async function teardown(docker: Docker, p: DownParams, o: TeardownOptions): Promise<DownResult> {
  const stack = checkStackName(p?.stack);
  const capture = p.capture !== false;
  const force = Boolean(p.force);
  for (const f of await sweepAbandonedCaptures(o.captureDir)) o.progress({ message: describeSwept(f) });
  const status = await inspectStack(docker, stack);
  const removeOptions = { volumes: Boolean(p.removeVolumes ?? p.volumes), progress: o.progress };

  if (!status || status.services.length === 0) {
    // Nothing to capture: as idempotent as a plain down (a leftover network or volume goes).
    return removeStack(docker, stack, status, removeOptions);
  }
  if (!capture) {
    await stopStack(docker, status, o.progress, o.signal).catch(nothingRemoved);
    if (o.signal?.aborted) nothingRemoved();
    const result = await removeStack(docker, stack, status, removeOptions);
    await deleteBuildLogs(stack);
    return result;
  }

  let captureError: string | undefined;
  let prepared: PreparedCapture | undefined;
  try {
    prepared = await prepareCapture(o.captureDir, stack);
  } catch (e) {
    if (!force) throw e;
    captureError = `${why(e)}; ${notCaptured(status)}`;
    o.progress({ message: `capture skipped, removing anyway (--force): ${captureError}` });
  }

  let summary: CaptureSummary | undefined;
  try {
    const stateBefore = new Map<string, ServiceState>(status.services.map((s) => [s.containerId, s.state]));
    await stopStack(docker, status, o.progress, o.signal);
    if (prepared) summary = await recordCapture(docker, status, prepared, { progress: o.progress, signal: o.signal, stateBefore });
  } catch (e) {
    await prepared?.discard();
    if (isCancelled(e) || o.signal?.aborted) nothingRemoved();
    const message = e instanceof BranchyardError ? e.message : `capture of stack ${stack} failed: ${why(e)}`;
    if (!force) {
      throw new BranchyardError(
        'engine',
        `${message}. Nothing was removed: the stack is stopped (\`branchyard up\` starts it again); ` +
          '`branchyard down --force` removes it without a capture',
        e instanceof BranchyardError ? e.details : {},
      );
    }
    captureError = `${message}; ${notCaptured(status)}`;
    o.progress({ message: `capture failed, removing anyway (--force): ${captureError}` });
  }

  if (o.signal?.aborted) nothingRemoved();
  const result = await removeStack(docker, stack, status, removeOptions);
  // After a failed capture the build logs are all that is left of the builds: keep them.
  if (summary) await deleteBuildLogs(stack);
  return { ...result, ...(summary ? { capture: summary } : {}), ...(captureError ? { captureError } : {}) };
}
