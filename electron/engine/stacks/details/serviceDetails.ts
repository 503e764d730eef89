// What the stack detail shows of each service, read on demand (the live status stays a cheap
// listing): one inspect per container gives its ports, image, start time, the commit its image was
// built from (the s2i build labels, which the container's labels carry over from the image), and
// the environment and command the connection strings are made from.

import type Docker from 'dockerode';
import type { PortDetail, ServiceDetails, ServiceDetailsResult } from '../../../../shared/api/control.ts';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { connectionStrings } from '../../../../shared/stack/connectionStrings.ts';
import { S2I_LABEL } from '../../build/s2i/builderImage.ts';
import { statusOf } from '../../docker/connect.ts';
import { LABEL, stackFilter } from '../../docker/labels.ts';

/** The engine writes this for "never": a container that has not started or not ended. */
const never = (t: string | undefined) => !t || t.startsWith('0001-01-01');

function portsOf(info: Docker.ContainerInspectInfo): PortDetail[] {
  // Published ports are in NetworkSettings while the container runs, in HostConfig when it does not.
  const live = info.NetworkSettings?.Ports ?? {};
  const bound = (info.HostConfig?.PortBindings ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[] | null>;
  const keys = new Set([...Object.keys(info.Config?.ExposedPorts ?? {}), ...Object.keys(live), ...Object.keys(bound)]);
  return [...keys]
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
    .map((container) => {
      const from = info.State?.Running ? live[container] : bound[container];
      const published = (from ?? [])
        .filter((b) => b.HostPort)
        .map((b) => ({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort) }));
      return { container, published };
    });
}

function commitOf(labels: Record<string, string>): ServiceDetails['commit'] {
  const id = labels[S2I_LABEL.commitId] || labels[LABEL.commit];
  if (!id) return undefined;
  const pick = (k: string) => (labels[k] ? labels[k] : undefined);
  const c = {
    id,
    message: pick(S2I_LABEL.commitMessage),
    author: pick(S2I_LABEL.commitAuthor),
    date: pick(S2I_LABEL.commitDate),
    ref: pick(S2I_LABEL.commitRef),
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ServiceDetails['commit'];
}

function detailsOf(info: Docker.ContainerInspectInfo, fallbackName: string): ServiceDetails {
  const labels = info.Config?.Labels ?? {};
  const endpoints = Object.values(info.NetworkSettings?.Networks ?? {});
  // The fixed address on its first network, as ps shows it; the engine's for one without.
  const ip = labels[LABEL.ip] || endpoints.map((n) => n.IPAddress).find(Boolean) || '';
  const entrypoint = ([] as string[]).concat(info.Config?.Entrypoint ?? []);
  const cmd = ([] as string[]).concat(info.Config?.Cmd ?? []);
  const commit = commitOf(labels);
  return {
    name: labels[LABEL.service] ?? fallbackName,
    containerId: info.Id,
    ip,
    image: info.Config?.Image ?? '',
    imageId: info.Image,
    ports: portsOf(info),
    ...(commit ? { commit } : {}),
    ...(info.State?.Running && !never(info.State.StartedAt) ? { startedAt: info.State.StartedAt } : {}),
    ...(!info.State?.Running && !never(info.State?.FinishedAt) ? { finishedAt: info.State.FinishedAt } : {}),
    connections: connectionStrings({ ip, exposedPorts: Object.keys(info.Config?.ExposedPorts ?? {}), env: info.Config?.Env ?? [], command: [...entrypoint, ...cmd] }),
  };
}

export async function serviceDetails(docker: Docker, stack: string, signal?: AbortSignal): Promise<ServiceDetailsResult> {
  const containers = await docker.listContainers({ all: true, filters: stackFilter(stack), abortSignal: signal });
  if (containers.length === 0) throw new BranchyardError('not-found', `no stack named '${stack}' with containers (see branchyard ls)`);
  const inspected = await Promise.all(
    containers.map(async (c) => {
      try {
        return detailsOf(await docker.getContainer(c.Id).inspect({ abortSignal: signal }), c.Names[0]?.replace(/^\//, '') ?? c.Id);
      } catch (e) {
        if (statusOf(e) === 404) return undefined; // removed between the listing and the inspect
        throw e;
      }
    }),
  );
  const services = inspected.filter((d): d is ServiceDetails => Boolean(d)).sort((a, b) => a.name.localeCompare(b.name));
  return { stack, services };
}
