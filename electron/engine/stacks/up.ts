// `up`: converge the engine on a stack template. Idempotent: an unchanged running service is left
// alone, a changed one is recreated on the same IP, a missing one is created. Services start in
// parallel along the dependency graph, each as soon as its dependencies meet their conditions.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type Cidr, formatIpv4, hostAddress, hostNumberProblem, parseCidr } from '../../../shared/net/ipv4.ts';
import type { ServiceSpec, StackTemplate } from '../../../shared/stack/model.ts';
import { type Engine, apiAtLeast, engineMessage, statusOf } from '../docker/connect.ts';
import { ensureImage } from '../docker/images.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import { DEFAULT_POOL } from '../networks/allocateSubnet.ts';
import { ensureStackNetwork } from '../networks/stackNetwork.ts';
import { buildStack } from '../build/buildStack.ts';
import { S2I_LABEL } from '../build/s2i/builderImage.ts';
import { type Progress, silent } from '../progress.ts';
import { type StackContext, containerSpec, stackLabels, withConfigHash } from './containerSpec.ts';
import { ensureStackVolumes } from './stackVolumes.ts';
import { goalOf, waitForService } from './waitForService.ts';

export interface UpOptions {
  stack: string;
  branch?: string;
  /** Absolute path of the stack file. */
  file: string;
  /** Folder relative bind mounts are resolved against. */
  dir: string;
  /** Pool stacks without a subnet of their own get a /24 from. */
  pool?: string;
  /** Also wait until every service is healthy (or running, without a healthcheck). */
  wait?: boolean;
  /** Deadline for every wait, in seconds. */
  timeoutS?: number;
  /**
   * Converge (and build) only these services; the others are left exactly as they are, though
   * their conditions are still waited on. Redeploy uses this so databases are never touched.
   */
  only?: string[];
  progress?: Progress;
  signal?: AbortSignal;
}

export type ServiceAction = 'created' | 'recreated' | 'started' | 'unchanged';

export interface UpResult {
  stack: string;
  subnet: string;
  services: { name: string; action: ServiceAction; containerId: string; ip: string }[];
}

export const DEFAULT_TIMEOUT_S = 300;

function poolOf(text: string): Cidr {
  const c = parseCidr(text);
  if ('error' in c) throw new BranchyardError('invalid-input', `subnet pool: ${c.error}`, { field: 'pool' });
  return c;
}

export async function up(engine: Engine, template: StackTemplate, o: UpOptions): Promise<UpResult> {
  const { docker } = engine;
  const progress = o.progress ?? silent;
  const deadline = Date.now() + (o.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000;

  const wanted = template.subnet ? poolOf(template.subnet) : undefined;
  const ctxBase = { stack: o.stack, template: template.name, branch: o.branch, file: o.file, dir: o.dir };
  const labels = stackLabels(ctxBase);
  const converging = template.services.filter((s) => !o.only || o.only.includes(s.name));

  // Builds and images first: a failed build or a missing image fails the up before anything
  // is created. A service running an image another service builds simply uses the result.
  const built = await buildStack(docker, template, {
    stack: o.stack,
    branch: o.branch,
    dir: o.dir,
    services: converging.map((s) => s.name),
    progress,
    signal: o.signal,
  });
  const imageIds = new Map<string, string>([...built].map(([ref, b]) => [ref, b.imageId]));
  await Promise.all(
    [...new Set(converging.map((s) => s.image))]
      .filter((ref) => !imageIds.has(ref))
      .map(async (ref) => {
        const svc = converging.find((s) => s.image === ref)!;
        imageIds.set(ref, await ensureImage(docker, ref, progress, svc.name));
      }),
  );
  const net = await ensureStackNetwork(docker, { stack: o.stack, labels, wanted, pool: poolOf(o.pool ?? DEFAULT_POOL), progress });
  const ips = new Map<string, string>();
  for (const s of template.services) {
    const problem = hostNumberProblem(net.subnet, s.hostNumber);
    if (problem) throw new BranchyardError('invalid-input', `service '${s.name}': ${problem}`, { service: s.name, field: `services.${s.name}.x-ip` });
    ips.set(s.name, formatIpv4(hostAddress(net.subnet, s.hostNumber)));
  }
  const volumeNames = await ensureStackVolumes(docker, o.stack, template.volumes, labels);
  const ctx: StackContext = {
    ...ctxBase,
    networkName: net.name,
    volumeNames,
    startIntervalSupported: apiAtLeast(engine, '1.44'),
  };

  // Services running an image built earlier (not in this run) keep its commit label.
  const commitOfImage = new Map<string, string>();
  await Promise.all(
    converging
      .filter((s) => !built.has(s.image) && template.services.some((b) => b.image === s.image && b.s2i))
      .map(async (s) => {
        const info = await docker.getImage(s.image).inspect();
        const c = info.Config?.Labels?.[S2I_LABEL.commitId];
        if (c) commitOfImage.set(s.image, c);
      }),
  );

  const existing = new Map<string, Docker.ContainerInfo>();
  for (const c of await docker.listContainers({ all: true, filters: stackFilter(o.stack) })) {
    existing.set(c.Labels[LABEL.service], c);
  }
  for (const name of existing.keys()) {
    if (!template.services.some((s) => s.name === name)) {
      progress({ service: name, message: `not in the file any more: left as it is (down removes it)` });
    }
  }

  const byName = new Map(template.services.map((s) => [s.name, s]));
  const started = new Map<string, Promise<{ containerId: string }>>();
  const results: UpResult['services'] = [];

  const startService = async (svc: ServiceSpec): Promise<{ containerId: string }> => {
    await Promise.all(
      Object.entries(svc.dependsOn).map(async ([dep, condition]) => {
        const { containerId } = await startOf(dep);
        const goal = goalOf(condition);
        if (goal !== 'running') progress({ service: svc.name, message: `waiting for ${dep} to be ${goal}` });
        await waitForService(docker, dep, containerId, goal, deadline, svc.name);
      }),
    );
    const ip = ips.get(svc.name)!;
    if (o.only && !o.only.includes(svc.name)) {
      const current = existing.get(svc.name);
      if (!current) throw new BranchyardError('not-found', `service '${svc.name}' has no container: bring the stack up first`, { service: svc.name });
      return { containerId: current.Id };
    }
    const spec = withConfigHash(containerSpec(svc, ip, ctx, built.get(svc.image)?.commit?.id ?? commitOfImage.get(svc.image)));
    const { action, containerId } = await converge(docker, svc, spec, existing.get(svc.name), imageIds.get(svc.image)!);
    progress({ service: svc.name, message: `${action} on ${ip}` });
    results.push({ name: svc.name, action, containerId, ip });
    return { containerId };
  };

  // Memoised, so each service starts once however many dependants await it. Dependencies form a
  // DAG (the parser refuses cycles), so the recursion ends.
  const startOf = (name: string): Promise<{ containerId: string }> => {
    let p = started.get(name);
    if (!p) {
      p = startService(byName.get(name)!);
      started.set(name, p);
    }
    return p;
  };
  const order = template.services.map((s) => s.name);
  const settled = await Promise.allSettled(order.map(startOf));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;

  if (o.wait) {
    await Promise.all(
      // Only converged services are in results: those left alone were waited on already.
      results.map(async (r) => {
        const info = await docker.getContainer(r.containerId).inspect();
        const goal = info.State.Health ? 'healthy' : 'running';
        await waitForService(docker, r.name, r.containerId, goal, deadline);
        progress({ service: r.name, message: goal });
      }),
    );
  }
  // Images that rebuilds untagged are garbage once no container runs them (the engine refuses
  // to remove one still in use, here or in another stack, and that refusal is fine).
  await Promise.all([...built.values()].map((b) => (b.replaced ? docker.getImage(b.replaced).remove().catch(() => {}) : undefined)));
  results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return { stack: o.stack, subnet: `${formatIpv4(net.subnet.network)}/${net.subnet.prefix}`, services: results };
}

/** Brings one service's container to `spec`, keeping it when nothing changed. */
async function converge(
  docker: Docker,
  svc: ServiceSpec,
  spec: Docker.ContainerCreateOptions,
  current: Docker.ContainerInfo | undefined,
  imageId: string,
): Promise<{ action: ServiceAction; containerId: string }> {
  let action: ServiceAction = 'created';
  if (current) {
    const same = current.Labels[LABEL.configHash] === spec.Labels![LABEL.configHash] && current.ImageID === imageId;
    if (same) {
      if (current.State === 'running') return { action: 'unchanged', containerId: current.Id };
      await startContainer(docker, svc, current.Id);
      return { action: 'started', containerId: current.Id };
    }
    // The fixed IP is in use until the old container is gone: stop it (with its grace period,
    // so a database shuts down cleanly), remove it, then create the new one on the same address.
    const old = docker.getContainer(current.Id);
    try {
      if (current.State === 'running') await old.stop();
      await old.remove({ v: true, force: true });
    } catch (e) {
      if (statusOf(e) !== 404 && statusOf(e) !== 304) throw e;
    }
    action = 'recreated';
  }
  let created: Docker.Container;
  try {
    created = await docker.createContainer(spec);
  } catch (e) {
    throw new BranchyardError('engine', `cannot create the container of service '${svc.name}': ${engineMessage(e)}`, { service: svc.name });
  }
  await startContainer(docker, svc, created.id);
  return { action, containerId: created.id };
}

async function startContainer(docker: Docker, svc: ServiceSpec, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (e) {
    if (statusOf(e) === 304) return; // already started
    throw new BranchyardError('engine', `cannot start service '${svc.name}': ${engineMessage(e)}`, { service: svc.name });
  }
}
