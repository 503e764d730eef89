// `down`: stop a stack in reverse dependency order and remove what it is made of, working from the
// engine's labels alone (no file needed). Idempotent: a stack that is already gone is success.
// Stopping and removing are separate steps so a teardown can capture the stack in between.

import type Docker from 'dockerode';
import type { DownResult, StackVolume } from '../../../shared/api/stacks.ts';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { LifecycleHookSpec } from '../../../shared/stack/model.ts';
import type { ServiceStatus, StackStatus } from '../../../shared/stack/status.ts';
import { engineMessage, statusOf } from '../docker/connect.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import { type Progress, silent } from '../progress.ts';
import { inspectStack } from './inspectStacks.ts';
import { hooksOf, runPreStop } from './lifecycleHooks.ts';

export interface DownOptions {
  /** Also remove the stack's named volumes (anonymous ones always go with their container). */
  volumes?: boolean;
  progress?: Progress;
}

/** What a removal did: the contract's DownResult without the capture's part. */
export type RemovalResult = Pick<DownResult, 'stack' | 'removed' | 'keptVolumes'>;

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

function isRunning(s: ServiceStatus): boolean {
  return s.state === 'running' || s.state === 'restarting' || s.state === 'paused';
}

/** The pre_stop hooks of the stack's containers, by container id (from their labels). */
async function preStopHooks(docker: Docker, stack: string, signal?: AbortSignal): Promise<Map<string, LifecycleHookSpec[]>> {
  const list = await docker.listContainers({ all: true, filters: stackFilter(stack), abortSignal: signal });
  return new Map(list.flatMap((c) => {
    const { preStop } = hooksOf(c.Labels);
    return preStop ? [[c.Id, preStop] as const] : [];
  }));
}

/**
 * Stops the stack's running services, dependants first, so their logs are final. Each service
 * stops as soon as its own dependants have stopped, not when a whole wave has (the waves of
 * stopWaves give the order and break cycles in labels edited by hand); its pre_stop hooks run
 * just before, while everything it depends on still runs. With `signal` aborted no further stop
 * begins, and the cancel is thrown once the stops under way have ended.
 */
export async function stopStack(docker: Docker, status: StackStatus, progress: Progress = silent, signal?: AbortSignal): Promise<void> {
  const hooks = status.services.some(isRunning) ? await preStopHooks(docker, status.name, signal) : new Map<string, LifecycleHookSpec[]>();
  const waves = stopWaves(status.services);
  const waveOf = new Map(waves.flatMap((wave, i) => wave.map((name) => [name, i] as const)));
  const byName = new Map(status.services.map((s) => [s.name, s]));
  // For each service, the dependants that must be stopped before it: those of earlier waves.
  const first = new Map<string, string[]>([...byName.keys()].map((n) => [n, []]));
  for (const s of status.services) {
    for (const dep of Object.keys(s.dependsOn)) {
      if (byName.has(dep) && waveOf.get(s.name)! < waveOf.get(dep)!) first.get(dep)!.push(s.name);
    }
  }
  const cancelled = () => cancelledError('cancelled while stopping the stack');
  const stops = new Map<string, Promise<void>>();
  const stopOf = (name: string): Promise<void> => {
    let p = stops.get(name);
    if (!p) {
      p = (async () => {
        await Promise.all(first.get(name)!.map(stopOf));
        const s = byName.get(name)!;
        if (!isRunning(s)) return;
        if (signal?.aborted) throw cancelled();
        progress({ service: name, phase: 'stopping', message: 'stopping' });
        await runPreStop(docker, name, s.containerId, hooks.get(s.containerId), progress, signal).catch((e) => {
          throw signal?.aborted ? cancelled() : e;
        });
        // No timeout argument: the engine uses the container's own StopTimeout (stop_grace_period).
        await docker
          .getContainer(s.containerId)
          .stop({ abortSignal: signal })
          .catch((e) => {
            if (signal?.aborted) throw cancelled();
            ignoreGone(e);
          });
        progress({ service: name, phase: 'stopped', message: 'stopped' });
      })();
      stops.set(name, p);
    }
    return p;
  };
  // Every branch runs to its end (what depends on a service that failed to stop is not stopped);
  // then the first failure is thrown, a cancel before any other.
  const settled = await Promise.allSettled(waves.flat().map(stopOf));
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  if (signal?.aborted && failures.length) throw cancelled();
  if (failures.length) throw failures[0];
}

async function removeNetwork(docker: Docker, stack: string, n: Docker.NetworkInspectInfo, containersGone: Promise<unknown>): Promise<boolean> {
  const remove = () => docker.getNetwork(n.Id).remove();
  try {
    await remove().catch(async (e) => {
      if (statusOf(e) === 404) throw e;
      // Refused while a container still holds it (one running behind our back): once more, after
      // the containers are gone.
      await containersGone.catch(() => {});
      return remove();
    });
    return true;
  } catch (e) {
    if (statusOf(e) === 404) return false;
    throw new BranchyardError('engine', `cannot remove network ${n.Name} of stack ${stack}: ${engineMessage(e)}`);
  }
}

/** The stack's named volumes (by label, so also those of a stack whose containers are gone). */
export async function stackVolumes(docker: Docker, stack: string): Promise<StackVolume[]> {
  const { Volumes } = await docker.listVolumes({ filters: stackFilter(stack) });
  return (Volumes ?? [])
    .map((v) => {
      const created = (v as { CreatedAt?: string }).CreatedAt;
      return { name: v.Name, volume: v.Labels?.[LABEL.volume] ?? v.Name, ...(created ? { createdAt: created } : {}) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Removes the containers of `status` (as read before the stack was stopped; they are stopped by
 * now), every network and (with `volumes`) every volume labelled with the stack; without it the
 * volumes are listed as kept, so the caller can say so. The networks go beside the containers,
 * not after them: the engine removes a network that stopped containers still name. Volumes go
 * last: the engine refuses one a container uses.
 */
export async function removeStack(docker: Docker, stack: string, status: StackStatus | undefined, o: DownOptions = {}): Promise<RemovalResult> {
  const progress = o.progress ?? silent;
  const result: RemovalResult = { stack, removed: { containers: [], networks: [], volumes: [] }, keptVolumes: [] };
  // Networks and volumes are listed by label, not taken from `status`: a crashed `up` may have
  // left a network or volume with no container.
  const networks = docker.listNetworks({ filters: stackFilter(stack) });
  const containersGone = Promise.all(
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
  const networksGone = networks.then((list) =>
    Promise.all(
      list.map(async (n) => {
        if (!(await removeNetwork(docker, stack, n, containersGone))) return;
        result.removed.networks.push(n.Name);
        progress({ message: `network ${n.Name} removed` });
      }),
    ),
  );
  const settled = await Promise.allSettled([containersGone, networksGone]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const volumes = await stackVolumes(docker, stack);
  if (!o.volumes) {
    result.keptVolumes = volumes.map((v) => v.name);
    if (volumes.length) progress({ message: `kept volumes: ${result.keptVolumes.join(', ')} (branchyard down ${stack} --volumes removes them)` });
    return result;
  }
  await Promise.all(
    volumes.map(async (v) => {
      try {
        await docker.getVolume(v.name).remove();
        result.removed.volumes.push(v.name);
        progress({ message: `volume ${v.name} removed` });
      } catch (e) {
        if (statusOf(e) === 404) return;
        throw new BranchyardError('engine', `cannot remove volume ${v.name} of stack ${stack}: ${engineMessage(e)}`);
      }
    }),
  );
  result.removed.volumes.sort();
  return result;
}

/** Stop and remove without a capture (teardown with capture: electron/engine/capture/teardown.ts). */
export async function down(docker: Docker, stack: string, o: DownOptions = {}): Promise<RemovalResult> {
  const status = await inspectStack(docker, stack);
  if (status) await stopStack(docker, status, o.progress);
  return removeStack(docker, stack, status, o);
}
