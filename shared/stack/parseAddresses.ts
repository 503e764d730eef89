// Fixed container addresses: `x-ip: 10` and `networks.<name>.ipv4_address` become host numbers,
// checked against each network's subnet (or the /24 the pool will hand out), and the services
// that name none get one assigned, network by network.

import { cidrContains, cidrSize, formatCidr, formatIpv4, hostNumberProblem, parseIpv4, type Cidr } from '../net/ipv4.ts';
import type { ParsedService } from './parseService.ts';
import { networksOf, type WiredNetworks } from './stackNetworks.ts';
import type { Loc, Reporter } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** Where automatic host numbers start: low numbers are left for the file's own choices. */
export const FIRST_ASSIGNED_HOST_NUMBER = 100;

/**
 * Host numbers for services in file order: an explicit number is kept; the others get numbers from
 * 100 up, skipping the explicit ones, and when the subnet runs out the lowest free ones from 2.
 * undefined where the subnet has no free address left.
 */
export function assignHostNumbers(explicit: ReadonlyArray<number | undefined>, subnetSize = 256): Array<number | undefined> {
  const last = subnetSize - 2; // the broadcast address is subnetSize - 1
  const used = new Set(explicit.filter((n): n is number => n !== undefined));
  let next = FIRST_ASSIGNED_HOST_NUMBER;
  const take = (): number | undefined => {
    for (; next <= last; next++) if (!used.has(next)) return next++;
    for (let n = 2; n <= last; n++) if (!used.has(n)) return n;
    return undefined;
  };
  return explicit.map((n) => {
    if (n !== undefined) return n;
    const assigned = take();
    if (assigned !== undefined) used.add(assigned);
    return assigned;
  });
}

/** Without a subnet in the file a network gets a /24: say so instead of naming a made-up one. */
function problemInPoolSubnet(hostNumber: number, whose: string): string | undefined {
  if (!Number.isInteger(hostNumber) || hostNumber < 0 || hostNumber > 255) {
    return `${hostNumber} is outside ${whose} (use 2 to 254)`;
  }
  if (hostNumber === 0) return `0 is the network address of ${whose} (use 2 to 254)`;
  if (hostNumber === 1) return `1 is the gateway of ${whose} (use 2 to 254)`;
  if (hostNumber === 255) return `255 is the broadcast address of ${whose} (use 2 to 254)`;
  return undefined;
}

/** One network's view of the file's addresses: whose it is, for messages, and its subnet if known. */
interface NetworkPlace {
  name: string;
  /** The stack's first network, whose subnet x-branchyard.subnet gives. */
  first: boolean;
  subnet?: Cidr;
}

/**
 * Sets the host numbers of every service on every network of the stack it is on (`hostNumber`
 * of its networks' entries, and `spec.hostNumber` for its first one), reporting every address
 * problem. x-ip is the address on the service's first network of the stack; ipv4_address the
 * one on its network. External networks get none: their addresses are not the stack's.
 */
export function resolveHostNumbers(services: ParsedService[], wired: WiredNetworks, reporter: Reporter): void {
  const own = wired.networks.filter((n) => !n.external);
  const external = new Set(wired.networks.filter((n) => n.external).map((n) => n.name));
  const ownNames = new Set(own.map((n) => n.name));
  const firstOf = (s: ParsedService) => networksOf(s).find((n) => ownNames.has(n));
  for (const s of services) {
    if (s.xIp && !firstOf(s) && networksOf(s).some((n) => external.has(n))) {
      reporter.issue(s.xIp.loc, s.xIp.field, `service '${s.spec.name}' is only on external networks: x-ip gives an address on a network of the stack, and it is on none`, s.spec.name);
    }
    for (const ref of s.networkRefs) if (external.has(ref.spec.network) && ref.ipv4 && parseIpv4(ref.ipv4.address) === undefined) {
      reporter.issue(ref.ipv4.loc, ref.ipv4.field, `${quote(ref.ipv4.address)} is not an IPv4 address`, s.spec.name);
    }
  }
  own.forEach((n, i) => {
    const place: NetworkPlace = { name: n.name, first: i === 0, subnet: wired.subnets.get(n.name) };
    const members = services.filter((s) => networksOf(s).includes(n.name));
    const numbers = resolveOnNetwork(members, place, (s) => firstOf(s) === n.name, reporter);
    members.forEach((s, j) => {
      const number = numbers[j];
      if (number === undefined) return;
      const ref = s.networkRefs.find((r) => r.spec.network === n.name);
      if (ref) ref.spec.hostNumber = number;
      if (firstOf(s) === n.name) s.spec.hostNumber = number;
    });
  });
}

/** Host numbers of the services on one network, in file order; undefined where one was refused. */
function resolveOnNetwork(services: ParsedService[], n: NetworkPlace, xIpHere: (s: ParsedService) => boolean, reporter: Reporter): Array<number | undefined> {
  const explicit: Array<number | undefined> = [];
  const owners = new Map<number, string>();
  // With the one default network, messages speak of the stack's subnet, as they always have.
  const own = n.name === 'default';
  const onThis = own ? '' : ` on network '${n.name}'`;
  const whose = own ? "the stack's /24" : `the /24 of network '${n.name}'`;

  for (const s of services) {
    let hostNumber: number | undefined;
    const xIp = xIpHere(s) ? s.xIp : undefined;
    const ipv4 = s.networkRefs.find((r) => r.spec.network === n.name)?.ipv4;
    let loc = xIp?.loc;
    let field = xIp?.field;
    let shown = ''; // how the number is shown in messages: as written

    if (xIp && ipv4) {
      reporter.issue(ipv4.loc, ipv4.field, `service '${s.spec.name}' sets both x-ip and ipv4_address: keep one`, s.spec.name);
    } else if (xIp) {
      hostNumber = xIp.value;
      shown = `host number ${hostNumber}`;
      const problem = n.subnet ? hostNumberProblem(n.subnet, hostNumber) : problemInPoolSubnet(hostNumber, whose);
      if (problem) {
        reporter.issue(loc, field, problem, s.spec.name);
        hostNumber = undefined;
      }
    } else if (ipv4) {
      ({ loc, field } = ipv4);
      hostNumber = hostNumberOfAddress(s.spec.name, ipv4, n, reporter);
      shown = ipv4.address;
    }

    if (hostNumber !== undefined) {
      const first = owners.get(hostNumber);
      if (first !== undefined) {
        reporter.issue(loc, field, `${shown} is already used by service '${first}'${onThis}`, s.spec.name);
        hostNumber = undefined;
      } else owners.set(hostNumber, s.spec.name);
    }
    // A refused number still counts as taken, so no second issue appears for an assigned one.
    explicit.push(hostNumber ?? (xIp || ipv4 ? -1 : undefined));
  }

  const assigned = assignHostNumbers(explicit, n.subnet ? cidrSize(n.subnet) : 256);
  return services.map((s, i) => {
    const number = assigned[i];
    if (number === undefined) {
      const where = n.subnet ? formatCidr(n.subnet) : whose;
      reporter.issue(s.keyLoc, s.field, `no free address left in ${where} for service '${s.spec.name}'${onThis}`, s.spec.name);
      return undefined;
    }
    return number >= 0 ? number : undefined;
  });
}

function hostNumberOfAddress(name: string, ipv4: { address: string; loc: Loc; field: string }, n: NetworkPlace, reporter: Reporter): number | undefined {
  const { address, loc, field } = ipv4;
  if (!n.subnet) {
    reporter.issue(loc, field, n.name === 'default'
      ? `ipv4_address needs x-branchyard.subnet in the file (or use x-ip: a host number)`
      : `ipv4_address needs a subnet for network '${n.name}': give it ipam: { config: [{ subnet: ... }] }${n.first ? ' (or set x-branchyard.subnet)' : ''}`, name);
    return undefined;
  }
  const addr = parseIpv4(address);
  if (addr === undefined) {
    reporter.issue(loc, field, `${quote(address)} is not an IPv4 address`, name);
    return undefined;
  }
  if (!cidrContains(n.subnet, addr)) {
    reporter.issue(loc, field, `${address} is outside ${n.name === 'default' ? "the stack's subnet" : `the subnet of network '${n.name}',`} ${formatCidr(n.subnet)}`, name);
    return undefined;
  }
  const hostNumber = addr - n.subnet.network;
  const problem = hostNumberProblem(n.subnet, hostNumber);
  if (problem) {
    // "1 is the gateway of ..." reads better with the address the file wrote.
    reporter.issue(loc, field, problem.replace(/^\d+ /, `${formatIpv4(addr)} `), name);
    return undefined;
  }
  return hostNumber;
}
