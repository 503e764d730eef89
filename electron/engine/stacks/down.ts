// `down`: stop a stack in reverse dependency order and remove what it is made of, working from the
// engine's labels alone (no file needed). Idempotent: a stack that is already gone is success.
// Stopping and removing are separate steps so a teardown can capture the stack in between.

import type Docker from 'dockerode';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { ServiceStatus, StackStatus } from '../../../shared/stack/status.ts';
import { engineMessage, statusOf } from '../docker/connect.ts';
import { stackFilter } from '../docker/labels.ts';
import { type Progress, silent } from '../progress.ts';
import { inspectStack } from './inspectStacks.ts';

export interface DownOptions {
  /** Also remove the stack's named volumes (anonymous ones always go with their container). */
  volumes?: boolean;
  progress?: Progress;
}

export interface DownResult {
  stack: string;
  removed: { containers: string[]; networks: string[]; volumes: string[] };
}

/**
 * Groups services into waves: the first wave has no running dependants, each later wave only
 * dependants in earlier waves. Dependencies on services that no longer exist are ignored.
 */
export function stopWaves(services: Pick<ServiceStatus, 'name' | 'dependsOn'>[]): string[][] {
  const names = new Set(services.map((s) => s.name));
  const dependants = new Map<string, Set<string>>([...names].map((n) => [n, new Set()]));
  for (const s of services) {
    for (const dep of Object.keys(s.dependsOn)) if (names.has(dep) && dep !== s.name) dependants.get(dep)!.add(s.name);
  }
  const waves: string[][] = [];
  const done = new Set<string>();
  while (done.size < names.size) {
    let wave = [...names].filter((n) => !done.has(n) && [...dependants.get(n)!].every((d) => done.has(d)));
    // Labels edited by hand could form a cycle: stop the rest together rather than never.
    if (wave.length === 0) wave = [...names].filter((n) => !done.has(n));
    wave.sort();
    waves.push(wave);
    for (const n of wave) done.add(n);
  }
  return waves;
}

function ignoreGone(e: unknown): void {
  const code = statusOf(e);
  if (code !== 404 && code !== 304 && code !== 409) throw e;
}

/** Stops the stack's running services, dependants first, so their logs are final. */
export async function stopStack(docker: Docker, status: StackStatus, progress: Progress = silent, signal?: AbortSignal): Promise<void> {
  const byName = new Map(status.services.map((s) => [s.name, s]));
  for (const wave of stopWaves(status.services)) {
    if (signal?.aborted) throw cancelledError('cancelled while stopping the stack');
    await Promise.all(
      wave.map(async (name) => {
        const s = byName.get(name)!;
        if (s.state !== 'running' && s.state !== 'restarting' && s.state !== 'paused') return;
        progress({ service: name, message: 'stopping' });
        // No timeout argument: the engine uses the container's own StopTimeout (stop_grace_period).
        await docker
          .getContainer(s.containerId)
          .stop({ abortSignal: signal })
          .catch((e) => {
            if (signal?.aborted) throw cancelledError('cancelled while stopping the stack');
            ignoreGone(e);
          });
      }),
    );
  }
}

/**
 * Removes the containers of `status` (as read before the stack was stopped), then every network
 * and (with `volumes`) every volume labelled with the stack.
 */
export async function removeStack(docker: Docker, stack: string, status: StackStatus | undefined, o: DownOptions = {}): Promise<DownResult> {
  const progress = o.progress ?? silent;
  const result: DownResult = { stack, removed: { containers: [], networks: [], volumes: [] } };
  await Promise.all(
    (status?.services ?? []).map(async (s) => {
      try {
        await docker.getContainer(s.containerId).remove({ v: true, force: true });
        result.removed.containers.push(s.containerName);
        progress({ service: s.name, message: 'removed' });
      } catch (e) {
        ignoreGone(e);
      }
    }),
  );
  // Networks and volumes are listed by label again, not taken from `status`: a crashed `up` may
  // have left a network or volume with no container.
  for (const n of await docker.listNetworks({ filters: stackFilter(stack) })) {
    try {
      await docker.getNetwork(n.Id).remove();
      result.removed.networks.push(n.Name);
      progress({ message: `network ${n.Name} removed` });
    } catch (e) {
      if (statusOf(e) === 404) continue;
      throw new BranchyardError('engine', `cannot remove network ${n.Name} of stack ${stack}: ${engineMessage(e)}`);
    }
  }
  if (o.volumes) {
    const { Volumes } = await docker.listVolumes({ filters: stackFilter(stack) });
    for (const v of Volumes ?? []) {
      try {
        await docker.getVolume(v.Name).remove();
        result.removed.volumes.push(v.Name);
        progress({ message: `volume ${v.Name} removed` });
      } catch (e) {
        if (statusOf(e) === 404) continue;
        throw new BranchyardError('engine', `cannot remove volume ${v.Name} of stack ${stack}: ${engineMessage(e)}`);
      }
    }
  }
  return result;
}

/** Stop and remove without a capture (teardown with capture: electron/engine/capture/teardown.ts). */
export async function down(docker: Docker, stack: string, o: DownOptions = {}): Promise<DownResult> {
  const status = await inspectStack(docker, stack);
  if (status) await stopStack(docker, status, o.progress);
  return removeStack(docker, stack, status, o);
}
