// What a LogSource names, as line sources for the merger: every container of a live stack (by its
// labels), or every log stream of a capture archive. A stack, service or capture that does not
// exist is a not-found error naming it.

import type Docker from 'dockerode';
import type { LogSource } from '../../../shared/api/logs.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import { captureArchivePath } from '../capture/captureId.ts';
import { readCaptureIndex } from './captureArchive.ts';
import { CaptureLogSource } from './captureLogSource.ts';
import { ContainerLogSource } from './containerLogSource.ts';
import { ServiceFollowSource } from './serviceFollowSource.ts';
import type { LineSource } from './lineSource.ts';
import { TailSource } from './tailSource.ts';
import { formatTimestamp } from './timestamps.ts';

export interface SourceOptions {
  follow: boolean;
  /** Follow each service across its containers (see serviceFollowSource.ts). */
  followRestarts?: boolean;
  since?: bigint;
  tail?: number;
}

export async function openLogSources(ctx: EngineContext, source: LogSource, o: SourceOptions, signal?: AbortSignal): Promise<LineSource[]> {
  return source.kind === 'live' ? liveSources(ctx, source.stack, source.services, o) : captureSources(ctx, source.id, source.services, o, signal);
}

function checkServices(what: string, known: string[], wanted: string[] | undefined): void {
  for (const s of wanted ?? []) {
    if (!known.includes(s)) {
      throw new BranchyardError('not-found', `${what} has no service '${s}' (its services: ${known.join(', ') || 'none'})`, { service: s });
    }
  }
}

async function liveSources(ctx: EngineContext, stack: string, services: string[] | undefined, o: SourceOptions): Promise<LineSource[]> {
  const { docker } = await ctx.engine();
  const containers = await docker.listContainers({ all: true, filters: stackFilter(stack) });
  if (containers.length === 0 && (await docker.listNetworks({ filters: stackFilter(stack) })).length === 0) {
    throw new BranchyardError('not-found', `no stack named '${stack}' (see branchyard ls)`);
  }
  const serviceOf = (c: Docker.ContainerInfo) => c.Labels?.[LABEL.service] ?? c.Names[0]?.replace(/^\//, '') ?? c.Id;
  checkServices(`stack '${stack}'`, [...new Set(containers.map(serviceOf))].sort(), services);
  if (o.followRestarts) {
    // One source per service, starting with its newest container; older ones (a recreate that
    // left the old one behind) are history the newest does not have, but following means now.
    const newest = new Map<string, Docker.ContainerInfo>();
    for (const c of containers) if ((newest.get(serviceOf(c))?.Created ?? -1) < c.Created) newest.set(serviceOf(c), c);
    return [...newest.entries()]
      .filter(([svc]) => !services || services.includes(svc))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, c]) => new ServiceFollowSource(docker, { stack, service, containerId: c.Id }, o));
  }
  return containers
    .filter((c) => !services || services.includes(serviceOf(c)))
    .sort((a, b) => serviceOf(a).localeCompare(serviceOf(b)) || a.Created - b.Created)
    .map((c) => new ContainerLogSource(docker, { id: c.Id, service: serviceOf(c) }, o));
}

async function captureSources(ctx: EngineContext, id: string, services: string[] | undefined, o: SourceOptions, signal?: AbortSignal): Promise<LineSource[]> {
  const archive = captureArchivePath(ctx.settings.get().captureDir, id, 'source.id');
  const index = await readCaptureIndex(archive, signal);
  checkServices(`capture '${id}'`, [...new Set(index.map((x) => x.service))], services);
  const sinceKey = o.since === undefined ? undefined : formatTimestamp(o.since);
  const wanted = index.filter((x) => !services || services.includes(x.service));
  const streams = wanted.map((x) => new CaptureLogSource({ archive, ...x, sinceKey }));
  if (o.tail === undefined) return streams;
  const byService = new Map<string, LineSource[]>();
  for (const s of streams) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return [...byService.values()].map((group) => new TailSource(group, o.tail as number));
}
