// Fixed container addresses: `x-ip: 10` and `networks.default.ipv4_address` become host numbers,
// checked against the stack's subnet (or the /24 the pool will hand out), and the services that
// name none get one assigned.

import { cidrContains, cidrSize, formatCidr, formatIpv4, hostNumberProblem, parseIpv4, type Cidr } from '../net/ipv4.ts';
import type { ParsedService } from './parseService.ts';
import type { Reporter } from './yamlNodes.ts';
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

/** Without a subnet in the file the stack gets a /24: say so instead of naming a made-up one. */
function problemInPoolSubnet(hostNumber: number): string | undefined {
  if (!Number.isInteger(hostNumber) || hostNumber < 0 || hostNumber > 255) {
    return `${hostNumber} is outside the stack's /24 (use 2 to 254)`;
  }
  if (hostNumber === 0) return `0 is the network address of the stack's /24 (use 2 to 254)`;
  if (hostNumber === 1) return `1 is the gateway of the stack's /24 (use 2 to 254)`;
  if (hostNumber === 255) return `255 is the broadcast address of the stack's /24 (use 2 to 254)`;
  return undefined;
}

/** Sets `spec.hostNumber` of every service, reporting every address problem. */
export function resolveHostNumbers(services: ParsedService[], subnet: Cidr | undefined, reporter: Reporter): void {
  const explicit: Array<number | undefined> = [];
  const owners = new Map<number, string>();

  for (const s of services) {
    let hostNumber: number | undefined;
    let loc = s.xIp?.loc;
    let field = s.xIp?.field;
    let shown = ''; // how the number is shown in messages: as written

    if (s.xIp && s.ipv4Address) {
      reporter.issue(s.ipv4Address.loc, s.ipv4Address.field,
        `service '${s.spec.name}' sets both x-ip and ipv4_address: keep one`, s.spec.name);
    } else if (s.xIp) {
      hostNumber = s.xIp.value;
      shown = `host number ${hostNumber}`;
      const problem = subnet ? hostNumberProblem(subnet, hostNumber) : problemInPoolSubnet(hostNumber);
      if (problem) {
        reporter.issue(loc, field, problem, s.spec.name);
        hostNumber = undefined;
      }
    } else if (s.ipv4Address) {
      ({ loc, field } = s.ipv4Address);
      hostNumber = hostNumberOfAddress(s, subnet, reporter);
      shown = s.ipv4Address.address;
    }

    if (hostNumber !== undefined) {
      const first = owners.get(hostNumber);
      if (first !== undefined) {
        reporter.issue(loc, field, `${shown} is already used by service '${first}'`, s.spec.name);
        hostNumber = undefined;
      } else owners.set(hostNumber, s.spec.name);
    }
    // A refused number still counts as taken, so no second issue appears for an assigned one.
    explicit.push(hostNumber ?? (s.xIp || s.ipv4Address ? -1 : undefined));
  }

  const assigned = assignHostNumbers(explicit, subnet ? cidrSize(subnet) : 256);
  services.forEach((s, i) => {
    const n = assigned[i];
    if (n === undefined) {
      reporter.issue(s.keyLoc, s.field, `no free address left in ${subnet ? formatCidr(subnet) : "the stack's /24"} for service '${s.spec.name}'`, s.spec.name);
    } else if (n >= 0) s.spec.hostNumber = n;
  });
}

function hostNumberOfAddress(s: ParsedService, subnet: Cidr | undefined, reporter: Reporter): number | undefined {
  const { address, loc, field } = s.ipv4Address!;
  const name = s.spec.name;
  if (!subnet) {
    reporter.issue(loc, field, `ipv4_address needs x-branchyard.subnet in the file (or use x-ip: a host number)`, name);
    return undefined;
  }
  const addr = parseIpv4(address);
  if (addr === undefined) {
    reporter.issue(loc, field, `${quote(address)} is not an IPv4 address`, name);
    return undefined;
  }
  if (!cidrContains(subnet, addr)) {
    reporter.issue(loc, field, `${address} is outside the stack's subnet ${formatCidr(subnet)}`, name);
    return undefined;
  }
  const hostNumber = addr - subnet.network;
  const problem = hostNumberProblem(subnet, hostNumber);
  if (problem) {
    // "1 is the gateway of ..." reads better with the address the file wrote.
    reporter.issue(loc, field, problem.replace(/^\d+ /, `${formatIpv4(addr)} `), name);
    return undefined;
  }
  return hostNumber;
}
