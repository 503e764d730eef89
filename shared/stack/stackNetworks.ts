// Which networks a stack has: every network of the file a service is on, each its own engine
// network (`<stack>_<name>`), external ones joined as they are. The stack's first network is
// `default` when a service is on it, else the first declared one that is not external: it is
// the one x-branchyard.subnet names. Each network's subnet is its ipam subnet, or a /24 of the
// pool given at `up`; two of the file's subnets must not overlap.

import type { NetworkSpec, StackTemplate } from './model.ts';
import { cidrsOverlap, formatCidr, stackSubnetProblem, type Cidr } from '../net/ipv4.ts';
import type { At } from './nodeReaders.ts';
import { undefinedNetwork, type SubnetChoice } from './parseNetworks.ts';
import type { ParsedService } from './parseService.ts';
import type { Loc } from './yamlNodes.ts';

/** The file's networks, `default` alone when it declares none the services use. */
export function templateNetworks(t: Pick<StackTemplate, 'networks'>): NetworkSpec[] {
  return t.networks ?? [{ name: 'default', labels: {} }];
}

/** `<stack>_<name>` (or `<stack>_<name:>`), or an external network's own name. */
export function engineNetworkName(stack: string, n: Pick<NetworkSpec, 'name' | 'external' | 'engineName'>): string {
  return n.external ?? `${stack}_${n.engineName ?? n.name}`;
}

export interface WiredNetworks {
  /** The networks services are on, the stack's first network first, then in file order. */
  networks: NetworkSpec[];
  /** The file's subnet of each network of the stack that has one (x-branchyard.subnet for the first). */
  subnets: Map<string, Cidr>;
}

/** The names of the file's networks `s` is on, in the order written (`default` without networks:). */
export function networksOf(s: ParsedService): string[] {
  return s.networkRefs.length ? s.networkRefs.map((r) => r.spec.network) : ['default'];
}

/**
 * Puts each service on its networks (they must be declared, or be `default`), decides the
 * stack's networks and the subnets the file gives them. Returns the file's networks for the model.
 */
export function wireNetworks(
  where: At,
  services: ParsedService[],
  declared: NetworkSpec[],
  subnets: SubnetChoice[],
  fileSubnet: { cidr: Cidr; loc: Loc; field: string } | undefined,
): WiredNetworks {
  const known = new Map(declared.map((n) => [n.name, n]));
  if (!known.has('default')) known.set('default', { name: 'default', labels: {} });
  const used = new Set<string>();
  for (const s of services) {
    if (s.spec.networkMode) continue;
    if (s.networkRefs.length === 0) used.add('default');
    for (const ref of s.networkRefs) {
      if (!known.has(ref.spec.network)) {
        where.reporter.issue(ref.loc, ref.field, undefinedNetwork(ref.spec.network, s.spec.name), s.spec.name);
        continue;
      }
      used.add(ref.spec.network);
    }
    if (s.networkRefs.length) s.spec.networks = s.networkRefs.map((r) => r.spec);
    for (const ref of s.networkRefs.slice(1)) {
      if (ref.spec.macAddress) {
        where.reporter.issue(ref.loc, `${ref.field}.mac_address`, `mac_address on network '${ref.spec.network}', not the first network of service '${s.spec.name}', is not supported by Branchyard yet: engines before API 1.44 take one MAC address per container`, s.spec.name);
      }
    }
    const own = networksOf(s).filter((n) => known.has(n) && !known.get(n)!.external);
    if (own.length === 0 && networksOf(s).every((n) => known.has(n))) {
      where.reporter.warn(`service '${s.spec.name}' is only on external networks (${networksOf(s).join(', ')}): its address there is the engine's choice, not fixed by Branchyard, unless ipv4_address names one`);
    }
  }

  const inOrder = [...known.values()].filter((n) => used.has(n.name));
  const first = inOrder.find((n) => n.name === 'default' && !n.external) ?? inOrder.find((n) => !n.external);
  const networks = first ? [first, ...inOrder.filter((n) => n !== first)] : inOrder;

  const chosen = new Map<string, Cidr>();
  const placed: Array<{ network: string; cidr: Cidr }> = [];
  const claim = (network: string, cidr: Cidr, loc: Loc | undefined, field: string | undefined): void => {
    const other = placed.find((p) => cidrsOverlap(p.cidr, cidr));
    if (other) {
      where.reporter.issue(loc, field, `subnet ${formatCidr(cidr)} of network '${network}' overlaps subnet ${formatCidr(other.cidr)} of network '${other.network}': each network of a stack needs its own`);
      return;
    }
    placed.push({ network, cidr });
    chosen.set(network, cidr);
  };
  if (fileSubnet && first) claim(first.name, fileSubnet.cidr, fileSubnet.loc, fileSubnet.field);
  for (const choice of subnets) {
    const problem = stackSubnetProblem(choice.cidr);
    if (problem) {
      where.reporter.issue(choice.loc, choice.field, problem);
      continue;
    }
    if (!used.has(choice.network)) continue;
    if (fileSubnet && choice.network === first?.name) {
      if (formatCidr(fileSubnet.cidr) !== formatCidr(choice.cidr)) {
        where.reporter.issue(choice.loc, choice.field, `subnet ${formatCidr(choice.cidr)} of network '${choice.network}' differs from x-branchyard.subnet ${formatCidr(fileSubnet.cidr)}, which is the subnet of the stack's first network '${choice.network}': keep one`);
      }
      continue;
    }
    claim(choice.network, choice.cidr, choice.loc, choice.field);
  }
  return {
    networks: networks.map((n) => (chosen.has(n.name) ? { ...n, subnet: formatCidr(chosen.get(n.name)!) } : n)),
    subnets: chosen,
  };
}
