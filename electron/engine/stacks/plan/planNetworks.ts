// The networks part of a plan: for each network of the file, keep the stack's own one that is
// there, make a missing one on its subnet (the file's, or a free /24 of the pool), or join an
// external one that exists; and remove the stack's networks the file no longer has. Pure, like
// the rest of the planner: it decides from the observed engine.

import type { PlannedNetwork } from '../../../../shared/api/plan.ts';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr } from '../../../../shared/net/ipv4.ts';
import type { NetworkSpec, StackTemplate } from '../../../../shared/stack/model.ts';
import { LABEL } from '../../docker/labels.ts';
import { DEFAULT_POOL, candidateSubnets, parsePool } from '../../networks/allocateSubnet.ts';
import type { HostNetwork } from '../../networks/hostNetworks.ts';
import type { StackNetworks } from '../../networks/serviceEndpoints.ts';
import { engineNetworkName, templateNetworks } from '../../../../shared/stack/stackNetworks.ts';
import type { ObservedNetwork, ObservedStack } from './observeStack.ts';

/** A network the executor makes, exactly so. */
export interface NetworkToMake {
  /** The engine's name. */
  name: string;
  /** Its name in the file. */
  network: string;
  subnet: Cidr;
  /** The subnet came from the pool (not the file): another one may be tried on a race. */
  fromPool: boolean;
  labels: Record<string, string>;
  internal?: boolean;
  driverOpts?: Record<string, string>;
}

export interface PlannedNetworks {
  planned: PlannedNetwork[];
  /** Every network of the file as the containers' documents name it. */
  refs: StackNetworks;
  make: NetworkToMake[];
  /** The subnet of the stack's first network (undefined: the stack is on external networks only). */
  first?: Cidr;
}

export interface NetworkPlanOptions {
  stack: string;
  file: string;
  pool?: string;
  /** Leave the stack's networks the file no longer has (redeploy of some services, --keep-orphans). */
  keepOthers?: boolean;
}

function cidr(text: string, field: string): Cidr {
  const c = parseCidr(text);
  if ('error' in c) throw BranchyardError.invalid([{ field, message: c.error }]);
  return c;
}

/**
 * The host's networks a new stack network must not overlap. The engine's own bridges are among
 * the host's routes and addresses (docker0, every stack's br-...): those are engine networks,
 * already avoided as such, and not the host's. The default route is never in the list.
 */
function hostNetworksToAvoid(seen: Pick<ObservedStack, 'usedSubnets' | 'hostNetworks'>): HostNetwork[] {
  const same = (a: Cidr, b: Cidr) => a.network === b.network && a.prefix === b.prefix;
  return (seen.hostNetworks ?? []).filter((h) => !seen.usedSubnets.some((u) => same(u, h.cidr)));
}

const describeHostNetwork = (h: HostNetwork) => `${formatCidr(h.cidr)} (${h.what})`;

export function planNetworks(template: StackTemplate, seen: ObservedStack, o: NetworkPlanOptions, labels: Record<string, string>): PlannedNetworks {
  const out: PlannedNetworks = { planned: [], refs: {}, make: [] };
  const host = hostNetworksToAvoid(seen);
  const taken: Cidr[] = [];
  let pool: Cidr | undefined;
  const poolOf = () => {
    if (pool) return pool;
    const parsed = parsePool(o.pool ?? DEFAULT_POOL);
    if ('error' in parsed) throw BranchyardError.invalid([{ field: 'pool', message: parsed.error }]);
    return (pool = parsed);
  };
  let firstOwn = true;
  for (const n of templateNetworks(template)) {
    const name = engineNetworkName(o.stack, n);
    if (n.external) {
      const found = seen.external.get(name);
      if (!found) {
        throw new BranchyardError('not-found', `external network '${name}' (networks.${n.name} of the file) does not exist: create it with docker network create ${name}, or drop external: true to let the stack make its own`, {
          field: `networks.${n.name}`,
        });
      }
      out.refs[n.name] = { name, external: true, ...(found.subnet ? { subnet: found.subnet } : {}) };
      out.planned.push({ network: n.name, name, ...(found.subnet ? { subnet: formatCidr(found.subnet) } : {}), action: 'external' });
      continue;
    }
    const isFirst = firstOwn;
    firstOwn = false;
    const fileSubnet = n.subnet ?? (isFirst ? template.subnet : undefined);
    const field = isFirst && template.subnet ? 'x-branchyard.subnet' : `networks.${n.name}.ipam`;
    const wanted = fileSubnet ? cidr(fileSubnet, field) : undefined;
    const existing = seen.networks.find((x) => x.name === name);
    let subnet: Cidr;
    if (existing) {
      subnet = keepExisting(o.stack, n, existing, wanted, field);
      out.planned.push({ network: n.name, name, subnet: formatCidr(subnet), action: 'keep', ...(n.internal ? { internal: true } : {}) });
    } else {
      const fromPool = !wanted;
      subnet = wanted ? checkFileSubnet(o, n, wanted, field, seen, host, taken) : fromThePool(o, n, name, poolOf(), seen, host, taken);
      out.planned.push({ network: n.name, name, subnet: formatCidr(subnet), action: 'create', ...(n.internal ? { internal: true } : {}) });
      out.make.push({
        name,
        network: n.name,
        subnet,
        fromPool,
        labels: { ...n.labels, ...labels, [LABEL.subnet]: formatCidr(subnet), [LABEL.network]: n.name },
        ...(n.internal ? { internal: true } : {}),
        ...(n.driverOpts ? { driverOpts: n.driverOpts } : {}),
      });
    }
    taken.push(subnet);
    if (isFirst) out.first = subnet;
    out.refs[n.name] = { name, subnet, ...(n.internal ? { internal: true } : {}) };
  }
  if (!o.keepOthers) {
    const names = new Set(Object.values(out.refs).map((r) => r.name));
    for (const n of seen.networks) {
      if (names.has(n.name)) continue;
      out.planned.push({ network: n.network ?? n.name, name: n.name, ...(n.subnet ? { subnet: formatCidr(n.subnet) } : {}), action: 'remove' });
    }
  }
  return out;
}

function keepExisting(stack: string, n: NetworkSpec, existing: ObservedNetwork, wanted: Cidr | undefined, field: string): Cidr {
  if (!existing.subnet) throw new BranchyardError('engine', `network ${existing.name} of stack ${stack} has no IPv4 subnet`);
  if (wanted && formatCidr(wanted) !== formatCidr(existing.subnet)) {
    throw new BranchyardError(
      'invalid-input',
      `stack ${stack} runs network ${existing.name} on ${formatCidr(existing.subnet)} but the file asks for ${formatCidr(wanted)}: take the stack down first to move it`,
      { field },
    );
  }
  if (Boolean(existing.internal) !== Boolean(n.internal)) {
    throw new BranchyardError(
      'invalid-input',
      `network ${existing.name} of stack ${stack} is ${existing.internal ? '' : 'not '}internal, and the file says internal: ${Boolean(n.internal)}: a network cannot change that; take the stack down first`,
      { field: `networks.${n.name}.internal` },
    );
  }
  return existing.subnet;
}

function checkFileSubnet(o: NetworkPlanOptions, n: NetworkSpec, wanted: Cidr, field: string, seen: ObservedStack, host: HostNetwork[], taken: Cidr[]): Cidr {
  const what = n.name === 'default' ? `subnet ${formatCidr(wanted)} of stack ${o.stack}` : `subnet ${formatCidr(wanted)} of network '${n.name}' of stack ${o.stack}`;
  if ([...seen.usedSubnets, ...taken].some((u) => cidrsOverlap(u, wanted))) {
    throw new BranchyardError('engine', `${what} overlaps a network the engine already has`, { field });
  }
  const shadowed = host.find((h) => cidrsOverlap(h.cidr, wanted));
  if (shadowed) {
    throw BranchyardError.invalid([{
      file: o.file,
      field,
      message: `${what} overlaps this host's network ${describeHostNetwork(shadowed)}: the stack's network would shadow it, and the host would lose its way there; give the stack another subnet`,
    }]);
  }
  return wanted;
}

function fromThePool(o: NetworkPlanOptions, n: NetworkSpec, name: string, pool: Cidr, seen: ObservedStack, host: HostNetwork[], taken: Cidr[]): Cidr {
  // The default network starts its search where a stack of one network always has (so such a
  // stack keeps its subnet); every other network from a slot of its own name.
  const seed = n.name === 'default' ? o.stack : name;
  const [first] = candidateSubnets(seed, pool, [...seen.usedSubnets, ...host.map((h) => h.cidr), ...taken]);
  if (!first) {
    const inPool = host.filter((h) => cidrsOverlap(h.cidr, pool));
    const why = inPool.length ? `: this host uses ${[...new Set(inPool.map(describeHostNetwork))].join(', ')}` : '';
    const whose = n.name === 'default' ? `stack ${o.stack}` : `network '${n.name}' of stack ${o.stack}`;
    throw new BranchyardError('engine', `no free /24 subnet left in ${formatCidr(pool)} for ${whose}${why}`);
  }
  return first;
}
