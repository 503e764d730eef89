// The networks a service's container is on, as the engine needs them: each network's engine
// name, the container's fixed address there (the network's subnet and the service's host number
// on it), its names there. Pure: the planner and the create document both come from this, and
// the record kept in a label lets `start` make a network again and reconnect the container.

import { type Cidr, formatCidr, formatIpv4, hostAddress } from '../../../shared/net/ipv4.ts';
import type { ServiceSpec } from '../../../shared/stack/model.ts';

/** A network of the stack as the planner settled it, by its name in the file. */
export interface StackNetworkRef {
  /** The engine's name. */
  name: string;
  /** Its subnet (an external network's, when the engine gives it one). */
  subnet?: Cidr;
  external?: boolean;
  internal?: boolean;
}

export type StackNetworks = Record<string, StackNetworkRef>;

export interface ServiceEndpoint {
  /** The network's name in the file. */
  network: string;
  /** The engine's name. */
  name: string;
  /** The fixed address; undefined: the engine chooses (an external network without ipv4_address). */
  ip?: string;
  aliases: string[];
  driverOpts?: Record<string, string>;
}

/**
 * The container's networks in the order the file lists them (the first is the one the container
 * is created on). Its names on each: the service name, that network's aliases, and the link
 * aliases other services gave it.
 */
export function serviceEndpoints(svc: ServiceSpec, nets: StackNetworks): ServiceEndpoint[] {
  if (svc.networkMode) return [];
  const entries = svc.networks ?? [{ network: 'default', aliases: [] }];
  let firstOwn = true;
  return entries.map((entry) => {
    const net = nets[entry.network];
    if (!net) throw new Error(`internal: service '${svc.name}' is on network '${entry.network}', which the plan does not have`);
    let ip: string | undefined;
    if (net.external) ip = entry.ipv4Address;
    else {
      const hostNumber = entry.hostNumber ?? (firstOwn ? svc.hostNumber : undefined);
      firstOwn = false;
      if (hostNumber === undefined || !net.subnet) throw new Error(`internal: no address for service '${svc.name}' on network '${entry.network}'`);
      ip = formatIpv4(hostAddress(net.subnet, hostNumber));
    }
    const aliases = [...new Set([svc.name, ...entry.aliases, ...(svc.linkAliases ?? [])])];
    return { network: entry.network, name: net.name, ...(ip ? { ip } : {}), aliases, ...(entry.driverOpts ? { driverOpts: entry.driverOpts } : {}) };
  });
}

/** What a container's networks label holds of each network: enough to make it again. */
export interface EndpointRecord {
  network: string;
  name: string;
  subnet?: string;
  ip?: string;
  aliases: string[];
  internal?: true;
  external?: true;
}

export function endpointRecords(endpoints: ServiceEndpoint[], nets: StackNetworks): EndpointRecord[] {
  return endpoints.map((e) => {
    const n = nets[e.network]!;
    return {
      network: e.network,
      name: e.name,
      ...(n.subnet && !n.external ? { subnet: formatCidr(n.subnet) } : {}),
      ...(e.ip ? { ip: e.ip } : {}),
      aliases: e.aliases,
      ...(n.internal ? { internal: true as const } : {}),
      ...(n.external ? { external: true as const } : {}),
    };
  });
}

export function decodeEndpointRecords(text: string | undefined): EndpointRecord[] | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return undefined;
    return v.filter((r): r is EndpointRecord => Boolean(r) && typeof r.network === 'string' && typeof r.name === 'string' && Array.isArray(r.aliases));
  } catch {
    return undefined;
  }
}
