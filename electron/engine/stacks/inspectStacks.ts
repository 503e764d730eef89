// Reads stacks back from the engine: containers and networks carrying io.branchyard.stack.
// This is the only source of truth, so it works after any crash of the tool. A listing says
// almost everything; only containers that may have failed are inspected (serviceFailure.ts).

import type Docker from 'dockerode';
import { type ServiceFailure, type ServiceState, type ServiceStatus, type StackStatus, blockedServices, neverStarted, stackState } from '../../../shared/stack/status.ts';
import { statusOf } from '../docker/connect.ts';
import { LABEL, decodeDependsOn, stackFilter } from '../docker/labels.ts';
import { failureOf, listedExitCode, needsInspect } from './serviceFailure.ts';

function serviceFrom(c: Docker.ContainerInfo): ServiceStatus {
  const labels = c.Labels ?? {};
  const nets = Object.values(c.NetworkSettings?.Networks ?? {});
  const liveIp = nets.map((n) => n.IPAddress).find(Boolean);
  // Status reads like "Up 3 minutes (healthy)" or "Exited (1) 2 seconds ago".
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1];
  const exit = listedExitCode(c.Status);
  return {
    name: labels[LABEL.service] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id,
    containerId: c.Id,
    containerName: c.Names[0]?.replace(/^\//, '') ?? '',
    image: c.Image,
    // The fixed address of its first network (several networks are listed in any order); the
    // engine's for one without (only on external networks).
    ip: labels[LABEL.ip] || liveIp || '',
    state: c.State as ServiceState,
    health: health === 'health: starting' ? 'starting' : ((health as 'healthy' | 'unhealthy') ?? 'none'),
    ...(exit === undefined ? {} : { exitCode: exit }),
    dependsOn: decodeDependsOn(labels[LABEL.dependsOn]),
    ...(labels[LABEL.commit] ? { commit: labels[LABEL.commit] } : {}),
  };
}

/** Every stack the engine knows of, or just `only`. Sorted by name; services by name. */
export async function inspectStacks(docker: Docker, only?: string): Promise<StackStatus[]> {
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters: stackFilter(only) }),
    docker.listNetworks({ filters: stackFilter(only) }),
  ]);
  return stacksFrom(containers, networks, await failuresOf(docker, containers));
}

/** The failures of the containers the listing cannot judge alone, by container id. */
export async function failuresOf(docker: Docker, containers: Docker.ContainerInfo[]): Promise<Map<string, ServiceFailure>> {
  const found = await Promise.all(
    containers.filter(needsInspect).map(async (c) => {
      try {
        return [c.Id, failureOf(await docker.getContainer(c.Id).inspect())] as const;
      } catch (e) {
        if (statusOf(e) === 404) return [c.Id, undefined] as const; // removed meanwhile
        throw e;
      }
    }),
  );
  return new Map(found.filter((f): f is readonly [string, ServiceFailure] => f[1] !== undefined));
}

/** What one read of the engine says about one stack: its containers, and every network of the engine. */
export interface StackListing {
  containers: Docker.ContainerInfo[];
  networks: Docker.NetworkInspectInfo[];
}

/**
 * Reads `stack` for an `up`: its status comes from this (the name is resolved from it), and so does
 * the planner's view of the engine (observeStack takes it as it is), so one read serves both.
 */
export async function listStack(docker: Docker, stack: string, signal?: AbortSignal): Promise<StackListing> {
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters: stackFilter(stack), abortSignal: signal }),
    docker.listNetworks({ abortSignal: signal }),
  ]);
  return { containers, networks };
}

export function stackOf(stack: string, l: StackListing): StackStatus | undefined {
  return stacksFrom(l.containers, l.networks.filter((n) => n.Labels?.[LABEL.stack] === stack))[0];
}

/** Stacks from the engine's labelled containers and networks (and the failures found among them). */
export function stacksFrom(containers: Docker.ContainerInfo[], networks: Docker.NetworkInspectInfo[], failures = new Map<string, ServiceFailure>()): StackStatus[] {
  const stacks = new Map<string, StackStatus>();
  // The newest object's list wins: each `up` writes the file's services on what it creates.
  const expected = new Map<string, { at: number; services: string[] }>();
  const expect = (labels: Record<string, string>, at: number) => {
    const list = labels[LABEL.services];
    const name = labels[LABEL.stack];
    if (list === undefined || (expected.get(name)?.at ?? -1) > at) return;
    expected.set(name, { at, services: list.split(',').filter(Boolean) });
  };
  const get = (labels: Record<string, string>): StackStatus => {
    const name = labels[LABEL.stack];
    let s = stacks.get(name);
    if (!s) {
      s = { name, template: labels[LABEL.template] ?? '', status: 'empty', services: [] };
      stacks.set(name, s);
    }
    s.template ||= labels[LABEL.template] ?? '';
    // Set only when known: a key holding undefined would not survive the WebSocket's JSON, and
    // the same stack must look the same through every transport.
    if (s.branch === undefined && labels[LABEL.branch] !== undefined) s.branch = labels[LABEL.branch];
    if (s.file === undefined && labels[LABEL.file] !== undefined) s.file = labels[LABEL.file];
    return s;
  };
  for (const n of networks) {
    const s = get(n.Labels ?? {});
    expect(n.Labels ?? {}, Date.parse(n.Created ?? '') / 1000 || 0);
    s.networks = [...(s.networks ?? []), n.Name].sort();
    // network and subnet are the stack's first network's: `default` (or one made before networks
    // were labelled with their name in the file), else the first one listed.
    const first = (n.Labels?.[LABEL.network] ?? 'default') === 'default';
    if (s.network === undefined || first) {
      s.network = n.Name;
      const subnet = n.Labels?.[LABEL.subnet] ?? n.IPAM?.Config?.[0]?.Subnet;
      if (subnet !== undefined) s.subnet = subnet;
    }
  }
  for (const s of stacks.values()) if (s.networks?.length === 1) delete s.networks;
  for (const c of containers) {
    const service = serviceFrom(c);
    const failure = failures.get(c.Id);
    if (failure) service.failure = failure;
    get(c.Labels ?? {}).services.push(service);
    expect(c.Labels ?? {}, c.Created);
  }
  for (const s of stacks.values()) {
    s.services.sort((a, b) => a.name.localeCompare(b.name));
    const wanted = expected.get(s.name)?.services;
    if (wanted) {
      s.expected = wanted;
      s.missing = wanted.filter((w) => !s.services.some((x) => x.name === w));
    }
    s.notStarted = neverStarted(s.services);
    for (const [name, why] of blockedServices(s.services)) s.services.find((x) => x.name === name)!.blockedBy = why;
    s.status = stackState(s.services, s.missing);
  }
  return [...stacks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function inspectStack(docker: Docker, stack: string): Promise<StackStatus | undefined> {
  return (await inspectStacks(docker, stack))[0];
}
