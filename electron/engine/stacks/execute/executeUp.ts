// Execute: runs a plan's operations and decides nothing (planUp.ts did). In order: builds and
// pulls (a failed build changes nothing), services no longer in the file (captured, then
// removed), the network and volumes, then every service along the dependency graph, each as soon
// as what it depends on meets its condition, independent ones in parallel. A cancel stops it at
// the next step; the error says what was done and what was not.

import type Docker from 'dockerode';
import type { PlannedOrphan, PlannedService } from '../../../../shared/api/plan.ts';
import { BranchyardError, cancelledError, isCancelled } from '../../../../shared/errors/errors.ts';
import { formatCidr, formatIpv4, gatewayOf } from '../../../../shared/net/ipv4.ts';
import type { StackTemplate } from '../../../../shared/stack/model.ts';
import { buildStack } from '../../build/buildStack.ts';
import type { BuildResult } from '../../build/s2i/s2iBuild.ts';
import { engineMessage, statusOf } from '../../docker/connect.ts';
import { ensureImage } from '../../docker/images.ts';
import type { Progress } from '../../progress.ts';
import type { ExecutablePlan } from '../plan/planUp.ts';
import { goalOf, waitForService } from '../waitForService.ts';
import { Ledger } from './ledger.ts';
import { logged } from '../../log/logger.ts';

export interface ExecuteOptions {
  stack: string;
  branch?: string;
  dir: string;
  wait?: boolean;
  /** ms since epoch: every wait ends by then. */
  deadline: number;
  progress: Progress;
  signal?: AbortSignal;
  /** Captures and removes the orphans to remove (the capture folder is the caller's business). */
  removeOrphans(orphans: PlannedOrphan[]): Promise<void>;
}

export interface ExecutedService {
  name: string;
  action: 'created' | 'recreated' | 'started' | 'unchanged';
  containerId: string;
  ip: string;
}

/** The network could not be made on the planned subnet because another network took it meanwhile. */
export class SubnetTaken extends Error {}

/** `template` is needed only when the plan builds (a start from labels has none). */
export async function executeUp(docker: Docker, template: StackTemplate | undefined, x: ExecutablePlan, o: ExecuteOptions): Promise<ExecutedService[]> {
  const ledger = new Ledger(x.plan);
  try {
    return await run(docker, template, x, o, ledger);
  } catch (e) {
    if (o.signal?.aborted || isCancelled(e)) {
      throw cancelledError(`cancelled. ${ledger.summary()}`, { done: ledger.done, notDone: ledger.notDone() });
    }
    throw e;
  }
}

async function run(docker: Docker, template: StackTemplate | undefined, x: ExecutablePlan, o: ExecuteOptions, ledger: Ledger): Promise<ExecutedService[]> {
  const { plan } = x;
  const checkpoint = () => {
    if (o.signal?.aborted) throw cancelledError();
  };

  // Builds and pulls first: a failed build or a missing image fails before anything is changed.
  const toBuild = plan.builds.filter((b) => b.action === 'build');
  let built = new Map<string, BuildResult>();
  if (toBuild.length) {
    if (!template) throw new Error('internal: a plan that builds needs its stack file');
    built = await buildStack(docker, template, {
      stack: o.stack,
      branch: o.branch,
      dir: o.dir,
      services: toBuild.map((b) => b.service),
      progress: o.progress,
      signal: o.signal,
    });
    for (const b of toBuild) ledger.did(`build ${b.image}`);
  }
  await Promise.all(
    plan.pulls.map(async (p) => {
      await ensureImage(docker, p.image, o.progress, p.services[0]);
      ledger.did(`pull ${p.image}`);
    }),
  );
  checkpoint();

  const orphans = plan.orphans.filter((r) => r.action === 'remove');
  if (orphans.length) {
    await o.removeOrphans(orphans);
    for (const r of orphans) ledger.did(`remove ${r.service}`);
  }
  checkpoint();

  if (plan.network.action === 'create') {
    await createNetwork(docker, x, o.progress, o.signal);
    ledger.did(`network ${plan.network.name}`);
  }
  await Promise.all(
    plan.volumes
      .filter((v) => v.action === 'create')
      .map(async (v) => {
        await docker.createVolume({ Name: v.name, Labels: x.volumeLabels[v.name] });
        ledger.did(`volume ${v.name}`);
      }),
  );
  checkpoint();

  const byName = new Map(plan.services.map((s) => [s.service, s]));
  const started = new Map<string, Promise<string>>();
  const results: ExecutedService[] = [];

  /** The service's container id once it meets what its dependants wait for (or just exists). */
  const startOf = (name: string): Promise<string> => {
    let p = started.get(name);
    if (!p) {
      p = converge(name);
      started.set(name, p);
    }
    return p;
  };
  const converge = async (name: string): Promise<string> => {
    const ps = byName.get(name);
    if (!ps) {
      // Untouched (redeploy of other services): it runs as it is.
      const id = x.untouched.get(name);
      if (!id) throw new BranchyardError('not-found', `service '${name}' has no container: bring the stack up first`, { service: name });
      return id;
    }
    if (ps.action === 'keep' && !ps.ifImageChanges) {
      results.push({ name, action: 'unchanged', containerId: ps.containerId!, ip: ps.ip });
      return ps.containerId!;
    }
    await Promise.all(
      Object.entries(x.dependsOn.get(name) ?? {}).map(async ([dep, condition]) => {
        const id = await startOf(dep);
        const goal = goalOf(condition);
        if (goal !== 'running') o.progress({ service: name, message: `waiting for ${dep} to be ${goal}`, phase: 'waiting', waitingFor: [{ service: dep, condition: goal }] });
        await waitForService(docker, dep, id, goal, o.deadline, name, o.signal);
      }),
    );
    checkpoint();
    const image = x.images.get(name);
    const r = await applyService(docker, ps, x.specs.get(name), image ? built.get(image)?.imageId : undefined, x.reconnect.get(name), o.signal);
    ledger.did(`${ps.action} ${name}`);
    o.progress({ service: name, message: `${r.action} on ${ps.ip}`, phase: x.specs.get(name)?.Healthcheck ? 'starting' : 'running' });
    results.push({ name, action: r.action, containerId: r.containerId, ip: ps.ip });
    return r.containerId;
  };

  const settled = await Promise.allSettled(plan.services.map((s) => startOf(s.service)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;

  if (o.wait) {
    await Promise.all(
      results.map(async (r) => {
        const info = await docker.getContainer(r.containerId).inspect({ abortSignal: o.signal });
        const goal = info.State.Health ? 'healthy' : 'running';
        try {
          await waitForService(docker, r.name, r.containerId, goal, o.deadline, undefined, o.signal);
        } catch (e) {
          if (e instanceof BranchyardError && e.kind === 'service-failed') {
            const reason = e.message.split('\n')[0];
            o.progress({ service: r.name, message: reason, phase: 'failed', failure: { reason, lastLines: e.details.logTail ?? [] } });
          }
          throw e;
        }
        o.progress({ service: r.name, message: goal, phase: goal });
      }),
    );
  }
  // Images a rebuild untagged are garbage once no container runs them (the engine refuses to
  // remove one still in use, here or in another stack, and that refusal is fine).
  await Promise.all(
    [...built.values()].map((b) => (b.replaced ? docker.getImage(b.replaced).remove().catch(logged('debug', `removing the replaced image ${b.replaced}`)) : undefined)),
  );
  const order = plan.services.map((s) => s.service);
  return results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

async function createNetwork(docker: Docker, x: ExecutablePlan, progress: Progress, signal?: AbortSignal): Promise<void> {
  const { name } = x.plan.network;
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: formatCidr(x.subnet), Gateway: formatIpv4(gatewayOf(x.subnet)) }] },
      Labels: x.networkLabels,
      abortSignal: signal,
    } as Docker.NetworkCreateOptions);
    progress({ message: `network ${name} on ${formatCidr(x.subnet)}` });
  } catch (e) {
    const why = engineMessage(e);
    // Another `up` took this subnet (or made this very network) since we looked: plan again.
    if (/overlap|already exists|in use/i.test(why)) throw new SubnetTaken(why);
    throw new BranchyardError('engine', `cannot create network ${name}: ${why}`);
  }
}

/** Carries out one service's planned action. */
async function applyService(
  docker: Docker,
  ps: PlannedService,
  spec: Docker.ContainerCreateOptions | undefined,
  builtImageId: string | undefined,
  reconnect: { ip: string; aliases: string[] } | undefined,
  signal?: AbortSignal,
): Promise<{ action: ExecutedService['action']; containerId: string }> {
  let action = ps.action;
  if (ps.ifImageChanges) {
    const current = await docker.getContainer(ps.containerId!).inspect({ abortSignal: signal });
    if (builtImageId && current.Image !== builtImageId) action = 'recreate';
  }
  if (action === 'keep') return { action: 'unchanged', containerId: ps.containerId! };
  if (action === 'start') {
    if (reconnect) await reconnectContainer(docker, ps, reconnect, signal);
    await startContainer(docker, ps.service, ps.containerId!, signal);
    return { action: 'started', containerId: ps.containerId! };
  }
  if (action === 'recreate') {
    // The fixed IP is in use until the old container is gone: stop it (with its grace period, so
    // a database shuts down cleanly), remove it, then create the new one on the same address.
    const old = docker.getContainer(ps.containerId!);
    try {
      await old.stop({ abortSignal: signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      if (statusOf(e) !== 404 && statusOf(e) !== 304) throw e;
    }
    try {
      await old.remove({ v: true, force: true });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }
  if (!spec) throw new Error(`internal: no create document for service '${ps.service}'`);
  let created: Docker.Container;
  try {
    created = await docker.createContainer({ ...spec, abortSignal: signal } as Docker.ContainerCreateOptions);
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new BranchyardError('engine', `cannot create the container of service '${ps.service}': ${engineMessage(e)}`, { service: ps.service });
  }
  await startContainer(docker, ps.service, created.id, signal);
  return { action: action === 'recreate' ? 'recreated' : 'created', containerId: created.id };
}

async function startContainer(docker: Docker, service: string, id: string, signal?: AbortSignal): Promise<void> {
  try {
    await docker.getContainer(id).start({ abortSignal: signal });
  } catch (e) {
    if (statusOf(e) === 304) return; // already started
    if (signal?.aborted) throw e;
    throw new BranchyardError('engine', `cannot start service '${service}': ${engineMessage(e)}`, { service });
  }
}

/**
 * Moves a stopped container from the network it names (removed since) to the stack's network made
 * again, on its own address and service name: disconnect by force (the old network is gone),
 * connect with the same IPAM config.
 */
async function reconnectContainer(docker: Docker, ps: PlannedService, r: { ip: string; aliases: string[] }, signal?: AbortSignal): Promise<void> {
  const info = await docker.getContainer(ps.containerId!).inspect({ abortSignal: signal });
  const [network] = Object.keys(info.NetworkSettings?.Networks ?? {});
  if (!network) return;
  const net = docker.getNetwork(network);
  try {
    await net.disconnect({ Container: ps.containerId!, Force: true, abortSignal: signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    // Not connected any more: connecting is all that is left to do.
  }
  try {
    await net.connect({
      Container: ps.containerId!,
      EndpointConfig: { IPAMConfig: { IPv4Address: r.ip }, Aliases: r.aliases },
      abortSignal: signal,
    } as Docker.NetworkConnectOptions);
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new BranchyardError('engine', `cannot connect service '${ps.service}' to network ${network} on ${r.ip}: ${engineMessage(e)}`, { service: ps.service });
  }
}
