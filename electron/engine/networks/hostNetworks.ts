// The IPv4 networks of the machine the engine runs on: its routes (/proc/net/route) and the
// networks of its interfaces' addresses. A stack network overlapping one would shadow it: the
// bridge's route is more specific, so the host (and every container) would reach the stack
// instead of the LAN, the VPN or the peer behind it. Read by observe; the planner decides.

import { readFileSync } from 'node:fs';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { type Cidr, formatIpv4, networkOf, parseIpv4 } from '../../../shared/net/ipv4.ts';

export interface HostNetwork {
  cidr: Cidr;
  /** For messages: "a route on eth0", "the address 192.168.1.5 of wlan0". */
  what: string;
}

const RTF_UP = 0x1;

/** /proc/net/route holds addresses as hex of the little-endian 32-bit word. */
function procAddress(hex: string): number {
  const n = Number.parseInt(hex, 16);
  const [b0, b1, b2, b3] = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  return ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

function prefixOfMask(m: number): number {
  let bits = 0;
  while (bits < 32 && m & (0x80000000 >>> bits)) bits++;
  return bits;
}

/** The routes of /proc/net/route that are up, without the default route (everything is in it). */
export function parseProcNetRoute(text: string): HostNetwork[] {
  const out: HostNetwork[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, dest, gateway, flags, , , , mask] = line.trim().split(/\s+/);
    if (!iface || !dest || !mask || !(Number.parseInt(flags, 16) & RTF_UP)) continue;
    const prefix = prefixOfMask(procAddress(mask));
    if (prefix === 0) continue;
    const via = procAddress(gateway ?? '0');
    out.push({ cidr: networkOf(procAddress(dest), prefix), what: `a route on ${iface}${via ? ` via ${formatIpv4(via)}` : ''}` });
  }
  return out;
}

/** The network of every IPv4 address of the host's interfaces. */
export function interfaceNetworks(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): HostNetwork[] {
  const out: HostNetwork[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || !a.cidr) continue;
      const addr = parseIpv4(a.address);
      const prefix = Number(a.cidr.split('/')[1]);
      if (addr === undefined || !Number.isInteger(prefix)) continue;
      out.push({ cidr: networkOf(addr, prefix), what: `the address ${a.address} of ${name}` });
    }
  }
  return out;
}

/** Routes and interface networks of this machine (routes only where /proc has them: Linux). */
export function readHostNetworks(): HostNetwork[] {
  let routes: HostNetwork[] = [];
  try {
    routes = parseProcNetRoute(readFileSync('/proc/net/route', 'utf8'));
  } catch {
    // Not Linux: the interfaces' own networks are what we can know.
  }
  return [...routes, ...interfaceNetworks(networkInterfaces())];
}

/**
 * Whether the engine runs on this machine, so that this machine's networks are the ones its
 * stack networks could shadow. For an engine elsewhere (tcp://host, ssh://) they are unknown.
 */
export function isLocalEngine(endpoint: string): boolean {
  if (/^(unix|npipe):/.test(endpoint)) return true;
  const host = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/]*)/i.exec(endpoint)?.[1];
  return host === 'localhost' || host === '[::1]' || (host !== undefined && /^127\./.test(host));
}
