// The stack's own bridge network: fixed subnet, the gateway on .1, service names as aliases.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type Cidr, formatCidr, formatIpv4, gatewayOf, parseCidr } from '../../../shared/net/ipv4.ts';
import { engineMessage } from '../docker/connect.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import type { Progress } from '../progress.ts';
import { candidateSubnets } from './allocateSubnet.ts';

export function networkName(stack: string): string {
  return `${stack}_default`;
}

export interface StackNetwork {
  id: string;
  name: string;
  subnet: Cidr;
}

/** Every IPv4 subnet any engine network uses, ours or not: a new one must overlap none. */
export async function usedSubnets(docker: Docker): Promise<Cidr[]> {
  const nets = await docker.listNetworks();
  const out: Cidr[] = [];
  for (const n of nets) {
    for (const c of n.IPAM?.Config ?? []) {
      const parsed = c.Subnet ? parseCidr(c.Subnet) : undefined;
      if (parsed && 'network' in parsed) out.push(parsed);
    }
  }
  return out;
}

export async function findStackNetwork(docker: Docker, stack: string): Promise<StackNetwork | undefined> {
  const nets = await docker.listNetworks({ filters: stackFilter(stack) });
  const n = nets[0];
  if (!n) return undefined;
  const sub = n.IPAM?.Config?.[0]?.Subnet;
  const parsed = sub ? parseCidr(sub) : undefined;
  if (!parsed || !('network' in parsed)) {
    throw new BranchyardError('engine', `network ${n.Name} of stack ${stack} has no IPv4 subnet`);
  }
  return { id: n.Id, name: n.Name, subnet: parsed };
}

export interface EnsureNetworkOptions {
  stack: string;
  labels: Record<string, string>;
  /** The file's subnet, if it names one. */
  wanted?: Cidr;
  pool: Cidr;
  progress: Progress;
}

/**
 * Returns the stack's network, creating it when missing. Two `up`s racing for one subnet are
 * settled by the engine, which refuses an overlapping pool: the loser moves on to the next one.
 */
export async function ensureStackNetwork(docker: Docker, o: EnsureNetworkOptions): Promise<StackNetwork> {
  const existing = await findStackNetwork(docker, o.stack);
  if (existing) {
    if (o.wanted && formatCidr(o.wanted) !== formatCidr(existing.subnet)) {
      throw new BranchyardError(
        'invalid-input',
        `stack ${o.stack} runs on ${formatCidr(existing.subnet)} but the file asks for ${formatCidr(o.wanted)}: take the stack down first to move it`,
        { field: 'x-branchyard.subnet' },
      );
    }
    return existing;
  }
  const used = await usedSubnets(docker);
  const candidates = o.wanted ? [o.wanted] : candidateSubnets(o.stack, o.pool, used);
  if (o.wanted && candidateSubnets(o.stack, o.wanted, used, o.wanted.prefix).length === 0) {
    throw new BranchyardError('engine', `subnet ${formatCidr(o.wanted)} of stack ${o.stack} overlaps a network the engine already has`, {
      field: 'x-branchyard.subnet',
    });
  }
  let lastError = '';
  for (const subnet of candidates) {
    const name = networkName(o.stack);
    try {
      const net = await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: formatCidr(subnet), Gateway: formatIpv4(gatewayOf(subnet)) }] },
        Labels: { ...o.labels, [LABEL.subnet]: formatCidr(subnet) },
      });
      o.progress({ message: `network ${name} on ${formatCidr(subnet)}` });
      return { id: net.id, name, subnet };
    } catch (e) {
      lastError = engineMessage(e);
      // Another process took this subnet (or this very network) between our list and create.
      if (/already exists/i.test(lastError)) {
        const raced = await findStackNetwork(docker, o.stack);
        if (raced) return raced;
      }
      if (!/overlap|already exists|in use/i.test(lastError)) {
        throw new BranchyardError('engine', `cannot create network ${name}: ${lastError}`);
      }
    }
  }
  throw new BranchyardError(
    'engine',
    `no free /${o.wanted?.prefix ?? 24} subnet left in ${o.wanted ? formatCidr(o.wanted) : formatCidr(o.pool)} for stack ${o.stack}${lastError ? ` (${lastError})` : ''}`,
  );
}
