// IPv4 and CIDR arithmetic, shared by validation (is x-ip inside the subnet?) and the engine
// (which /24 of the pool is free?). Addresses are unsigned 32-bit numbers.

import { quote } from '../text/quote.ts';

export interface Cidr {
  /** Network address (host bits cleared). */
  network: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/p`. Host bits must be zero, as Docker requires of a subnet. */
export function parseCidr(text: string): Cidr | { error: string } {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return { error: `${quote(text)} is not a CIDR subnet like 10.210.3.0/24` };
  const addr = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (addr === undefined) return { error: `${quote(m[1])} is not an IPv4 address` };
  if (prefix > 30) return { error: `/${prefix} is too small for a stack: use /30 or larger` };
  const network = (addr & mask(prefix)) >>> 0;
  if (network !== addr) {
    return { error: `${quote(text)} has host bits set: the subnet is ${formatIpv4(network)}/${prefix}` };
  }
  return { network, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefix}`;
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrContains(c: Cidr, addr: number): boolean {
  return ((addr & mask(c.prefix)) >>> 0) === c.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.network & mask(p)) >>> 0) === ((b.network & mask(p)) >>> 0);
}

/** The gateway Branchyard gives every stack network: the first host address. */
export function gatewayOf(c: Cidr): number {
  return c.network + 1;
}

export function broadcastOf(c: Cidr): number {
  return c.network + cidrSize(c) - 1;
}

/** Host number `h` of subnet `c` as an address (h = 10 in 10.210.3.0/24 is 10.210.3.10). */
export function hostAddress(c: Cidr, hostNumber: number): number {
  return c.network + hostNumber;
}

/**
 * Why a host number cannot be a container's address in `c`, or undefined when it can.
 * Reserved: the network address, the gateway (first host) and the broadcast address.
 */
export function hostNumberProblem(c: Cidr, hostNumber: number): string | undefined {
  const size = cidrSize(c);
  const sub = formatCidr(c);
  if (!Number.isInteger(hostNumber) || hostNumber < 0 || hostNumber >= size) {
    return `${hostNumber} is outside ${sub} (host numbers 2 to ${size - 2})`;
  }
  if (hostNumber === 0) return `0 is the network address of ${sub}`;
  if (hostNumber === 1) return `1 is the gateway of ${sub}`;
  if (hostNumber === size - 1) return `${hostNumber} is the broadcast address of ${sub}`;
  return undefined;
}

/** Subnets of `prefix` bits inside `pool`, in order. */
export function* subnetsOf(pool: Cidr, prefix: number): Generator<Cidr> {
  if (prefix < pool.prefix) return;
  const step = 2 ** (32 - prefix);
  const count = 2 ** (prefix - pool.prefix);
  for (let i = 0; i < count; i++) yield { network: pool.network + i * step, prefix };
}

/** The network `addr` is in, with `prefix` bits: 192.168.1.5 and 24 give 192.168.1.0/24. */
export function networkOf(addr: number, prefix: number): Cidr {
  return { network: (addr & mask(prefix)) >>> 0, prefix };
}

/** `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrsOverlap(inner, outer);
}

const cidrOf = (text: string) => parseCidr(text) as Cidr;

/**
 * The private ranges of RFC 1918: the only place a stack's network may be. Anywhere else it
 * would take addresses that belong to someone on the internet (or to the host itself), and
 * every container and the host would reach the stack instead of them.
 */
export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(cidrOf);

/**
 * Ranges named in the reason when a subnet overlaps them. 100.64.0.0/10 (RFC 6598) is not
 * private either: ISPs number their carrier-grade NAT in it and VPNs such as Tailscale their
 * peers, so a stack there would hide machines the host talks to.
 */
const SPECIAL_RANGES: ReadonlyArray<{ name: string; cidr: Cidr }> = [
  { name: '"this" network', cidr: cidrOf('0.0.0.0/8') },
  { name: 'loopback', cidr: cidrOf('127.0.0.0/8') },
  { name: 'link-local', cidr: cidrOf('169.254.0.0/16') },
  { name: 'carrier-grade NAT', cidr: cidrOf('100.64.0.0/10') },
  { name: 'multicast', cidr: cidrOf('224.0.0.0/4') },
  // parseCidr refuses /31 and /32 (too small for a stack), so the broadcast address goes with
  // the reserved range around it.
  { name: 'reserved (and broadcast)', cidr: cidrOf('240.0.0.0/4') },
];

const PRIVATE_TEXT = '10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16';

/** Why `c` cannot be a stack's subnet (or a pool of them), or undefined when it can. */
export function stackSubnetProblem(c: Cidr): string | undefined {
  const hits = SPECIAL_RANGES.filter((r) => cidrsOverlap(c, r.cidr));
  if (hits.length > 0) {
    const named = hits.map((r) => `${r.name} ${formatCidr(r.cidr)}`).join(', ');
    return `${formatCidr(c)} overlaps ${named}: a stack's subnet must be private, inside ${PRIVATE_TEXT}`;
  }
  if (!PRIVATE_RANGES.some((p) => cidrWithin(c, p))) {
    return `${formatCidr(c)} is not a private subnet: it must lie inside ${PRIVATE_TEXT} (RFC 1918), or the stack would shadow addresses on the internet`;
  }
  return undefined;
}
