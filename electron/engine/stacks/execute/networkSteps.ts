// The network steps of an executed plan: make the networks the plan makes, connect a new container
// to its networks after its first, reconnect a stopped one to networks made again, and remove the
// stack's networks the file no longer has. They do what the plan says and decide nothing.

import type Docker from 'dockerode';
import type { PlannedService } from '../../../../shared/api/plan.ts';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { formatCidr, formatIpv4, gatewayOf } from '../../../../shared/net/ipv4.ts';
import { engineMessage, statusOf } from '../../docker/connect.ts';
import type { Progress } from '../../progress.ts';
import type { NetworkToMake } from '../plan/planNetworks.ts';
import type { Reconnect } from '../plan/planUp.ts';
import type { Ledger } from './ledger.ts';

/** A network could not be made on the planned subnet because another network took it meanwhile. */
export class SubnetTaken extends Error {
  constructor(
    message: string,
    /** The network that could not be made, as planned. */
    readonly network: NetworkToMake,
  ) {
    super(message);
  }
}

export async function createNetwork(docker: Docker, n: NetworkToMake, progress: Progress, signal?: AbortSignal): Promise<void> {
  try {
    await docker.createNetwork({
      Name: n.name,
      Driver: 'bridge',
      CheckDuplicate: true,
      ...(n.internal ? { Internal: true } : {}),
      ...(n.driverOpts ? { Options: n.driverOpts } : {}),
      IPAM: { Driver: 'default', Config: [{ Subnet: formatCidr(n.subnet), Gateway: formatIpv4(gatewayOf(n.subnet)) }] },
      Labels: n.labels,
      abortSignal: signal,
    } as Docker.NetworkCreateOptions);
    progress({ message: `network ${n.name} on ${formatCidr(n.subnet)}${n.internal ? ' (internal)' : ''}` });
  } catch (e) {
    const why = engineMessage(e);
    // Another `up` took this subnet (or made this very network) since we looked: plan again.
    if (/overlap|already exists|in use/i.test(why)) throw new SubnetTaken(why, n);
    throw new BranchyardError('engine', `cannot create network ${n.name}: ${why}`);
  }
}

/**
 * Connects a created container to the networks after its first, on its fixed addresses there:
 * engines before API 1.44 refuse a create document with more than one network, and every engine
 * takes a connect to a created container.
 */
export async function connectMore(docker: Docker, service: string, id: string, more: Array<[string, unknown]>, signal?: AbortSignal): Promise<void> {
  for (const [name, endpoint] of more) {
    try {
      await docker.getNetwork(name).connect({ Container: id, EndpointConfig: endpoint, abortSignal: signal } as Docker.NetworkConnectOptions);
    } catch (e) {
      if (signal?.aborted) throw e;
      const ip = (endpoint as { IPAMConfig?: { IPv4Address?: string } }).IPAMConfig?.IPv4Address;
      throw new BranchyardError('engine', `cannot connect the container of service '${service}' to network ${name}${ip ? ` on ${ip}` : ''}: ${engineMessage(e)}`, { service, reason: engineMessage(e) });
    }
  }
}

/**
 * The stack's networks the file no longer has, once the services have converged: their
 * containers were recreated on the file's networks by now. One a container still holds (kept by
 * --keep-orphans, or run behind the stack's back) stays, and the message says so.
 */
export async function removeNetworks(docker: Docker, names: string[], progress: Progress, ledger: Ledger): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      try {
        await docker.getNetwork(name).remove();
        progress({ message: `network ${name} removed: not in the file any more` });
        ledger.did(`remove network ${name}`);
      } catch (e) {
        if (statusOf(e) === 404) return;
        progress({ message: `network ${name} is not in the file any more, but stays: ${engineMessage(e)}` });
      }
    }),
  );
}

/**
 * Moves a stopped container from the networks it names (removed since) to the stack's networks
 * made again, on its own addresses and names: disconnect by force (the old network is gone),
 * connect with the same IPAM config. Its names there are the planned ones and those the engine
 * kept for it, so an alias the plan cannot know of (a container made by an older Branchyard)
 * is not lost either.
 */
export async function reconnectContainer(docker: Docker, ps: PlannedService, list: Reconnect[], signal?: AbortSignal): Promise<void> {
  const info = await docker.getContainer(ps.containerId!).inspect({ abortSignal: signal });
  const endpoints = info.NetworkSettings?.Networks ?? {};
  for (const r of list) {
    const kept = (endpoints[r.name] as { Aliases?: string[] | null } | undefined)?.Aliases ?? [];
    // The engine adds the short container id as an alias of its own at every connect.
    const aliases = [...new Set([...r.aliases, ...kept.filter((a) => !info.Id.startsWith(a))])];
    const net = docker.getNetwork(r.name);
    if (endpoints[r.name]) {
      try {
        await net.disconnect({ Container: ps.containerId!, Force: true, abortSignal: signal });
      } catch (e) {
        if (signal?.aborted) throw e;
        // Not connected any more: connecting is all that is left to do.
      }
    }
    try {
      await net.connect({
        Container: ps.containerId!,
        EndpointConfig: { ...(r.ip ? { IPAMConfig: { IPv4Address: r.ip } } : {}), Aliases: aliases },
        abortSignal: signal,
      } as Docker.NetworkConnectOptions);
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new BranchyardError('engine', `cannot connect service '${ps.service}' to network ${r.name}${r.ip ? ` on ${r.ip}` : ''}: ${engineMessage(e)}`, { service: ps.service });
    }
  }
}
