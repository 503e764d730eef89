// Networks: the top-level `networks:` (drivers, ipam subnets, internal, external, name) and a
// service's `networks:` (list or mapping, with aliases and ipv4_address). Every network of the
// file is a network of its own in the stack (stackNetworks.ts decides which, and their subnets).

import { checkExternal } from './external.ts';
import { IPAM_CONFIG_KEYS, IPAM_KEYS, SERVICE_NETWORK_KEYS, TOP_NETWORK_KEYS, readKeys } from './composeKeys.ts';
import type { NetworkSpec, ServiceNetworkSpec } from './model.ts';
import { asKeyValues, asMap, asNonEmptyString, asSeq, asString, at, isNull, report, type At } from './nodeReaders.ts';
import { labelValues } from './parseVolumes.ts';
import { asFlag } from './units.ts';
import type { Loc, YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';
import { formatIpv4, gatewayOf, parseCidr, parseIpv4, type Cidr } from '../net/ipv4.ts';

export const NETWORK_NAME = /^[a-zA-Z0-9._-]+$/;

/** An ipam subnet of the file, with where it was written. */
export interface SubnetChoice {
  network: string;
  cidr: Cidr;
  loc: Loc;
  field: string;
}

export interface TopLevelNetworks {
  networks: NetworkSpec[];
  subnets: SubnetChoice[];
}

export function parseTopLevelNetworks(where: At, node: YNode): TopLevelNetworks {
  const out: TopLevelNetworks = { networks: [], subnets: [] };
  if (isNull(node)) return out;
  const map = asMap(where, node);
  if (!map) return out;
  for (const entry of map.entries) {
    const netAt = at(where, entry.key);
    if (!NETWORK_NAME.test(entry.key)) {
      report(netAt, entry.keyLoc, `${quote(entry.key)} is not a valid network name (letters, digits, _ . -)`);
      continue;
    }
    const spec: NetworkSpec = { name: entry.key, labels: {} };
    out.networks.push(spec);
    if (isNull(entry.value)) continue;
    const body = asMap(netAt, entry.value, 'a mapping or nothing');
    if (!body) continue;
    const what = `network ${quote(entry.key)}`;
    const { external, name } = checkExternal(netAt, body, what);
    if (external) {
      // Joined as it is, by its name (compose does not prefix an external network's name).
      spec.external = name ?? entry.key;
      continue;
    }
    for (const e of readKeys(netAt, body, TOP_NETWORK_KEYS, what)) {
      const keyAt = at(netAt, e.key);
      const v = e.value;
      if (e.key === 'driver') {
        const driver = asNonEmptyString(keyAt, v, 'a network driver like bridge');
        if (driver === 'overlay') report(keyAt, v.loc, 'the overlay driver is not supported by Branchyard: overlay networks span a swarm; a stack runs on one engine');
        else if (driver !== undefined && driver !== 'bridge') {
          report(keyAt, v.loc, `network driver ${quote(driver)} is not supported by Branchyard yet: stack networks are bridges`);
        }
      } else if (e.key === 'driver_opts') spec.driverOpts = stringMap(keyAt, v);
      else if (e.key === 'labels') spec.labels = labelValues(asKeyValues(keyAt, v));
      else if (e.key === 'internal') {
        if (asFlag(keyAt, v)) spec.internal = true;
      } else if (e.key === 'enable_ipv6') {
        if (asFlag(keyAt, v)) report(keyAt, v.loc, 'enable_ipv6 is not supported by Branchyard yet: stack networks are IPv4');
      } else if (e.key === 'enable_ipv4') {
        if (asFlag(keyAt, v) === false) report(keyAt, v.loc, 'enable_ipv4: false is not supported by Branchyard: every container has a fixed IPv4 address');
      } else if (e.key === 'ipam') out.subnets.push(...parseIpam(keyAt, v, entry.key));
      else if (e.key === 'name') {
        const n = asNonEmptyString(keyAt, v, 'a network name');
        if (n !== undefined && !NETWORK_NAME.test(n)) report(keyAt, v.loc, `${quote(n)} is not a valid network name (letters, digits, _ . -)`);
        else if (n !== undefined) {
          spec.engineName = n;
          where.reporter.warn(`network '${entry.key}': name '${n}' becomes <stack>_${n}, so that every stack has its own; use external: true to join a shared network`);
        }
      }
    }
    for (const key of ['internal', 'driverOpts', 'engineName'] as const) if (spec[key] === undefined) delete spec[key];
  }
  return out;
}

function stringMap(where: At, node: YNode): Record<string, string> {
  const out: Record<string, string> = {};
  const map = asMap(where, node);
  for (const e of map?.entries ?? []) {
    const v = asString(at(where, e.key), e.value, 'a string or number');
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

function parseIpam(where: At, node: YNode, network: string): SubnetChoice[] {
  const map = asMap(where, node);
  if (!map) return [];
  const out: SubnetChoice[] = [];
  for (const e of readKeys(where, map, IPAM_KEYS, `ipam of network ${quote(network)}`)) {
    const keyAt = at(where, e.key);
    if (e.key === 'driver') {
      const d = asNonEmptyString(keyAt, e.value, 'an IPAM driver');
      if (d !== undefined && d !== 'default') report(keyAt, e.value.loc, `IPAM driver ${quote(d)} is not supported by Branchyard: addresses come from the default driver`);
      continue;
    }
    asSeq(keyAt, e.value)?.items.forEach((item, i) => {
      const cAt = at(keyAt, i);
      const cfg = asMap(cAt, item, 'a mapping like { subnet: 172.28.0.0/24 }');
      if (!cfg) return;
      let cidr: Cidr | undefined;
      let gateway: { text: string; loc: Loc; field: string } | undefined;
      for (const c of readKeys(cAt, cfg, IPAM_CONFIG_KEYS, `ipam config of network ${quote(network)}`)) {
        const vAt = at(cAt, c.key);
        const text = asNonEmptyString(vAt, c.value);
        if (text === undefined) continue;
        if (c.key === 'subnet') {
          const parsed = parseCidr(text);
          if ('error' in parsed) report(vAt, c.value.loc, parsed.error);
          else if (i > 0) report(vAt, c.value.loc, 'a second subnet on one network is not supported by Branchyard yet: a network has one IPv4 subnet');
          else {
            cidr = parsed;
            out.push({ network, cidr, loc: c.value.loc, field: vAt.field });
          }
        } else if (c.key === 'gateway') gateway = { text, loc: c.value.loc, field: vAt.field };
        // ip_range: every container has a fixed address, so the range of dynamic ones is moot.
      }
      if (gateway && cidr) {
        const addr = parseIpv4(gateway.text);
        const want = formatIpv4(gatewayOf(cidr));
        if (addr === undefined || formatIpv4(addr) !== want) {
          where.reporter.issue(gateway.loc, gateway.field, `gateway ${quote(gateway.text)} is not supported by Branchyard: the gateway of a stack network is its first address, ${want}`, where.service);
        }
      }
    });
  }
  return out;
}

/** A service's network entry as read, with the places its checks need. */
export interface ServiceNetworkRef {
  spec: ServiceNetworkSpec;
  loc: Loc;
  field: string;
  ipv4?: { address: string; loc: Loc; field: string };
}

/** `networks: [a, b]` or `{ a: { aliases, ipv4_address }, b: }`. */
export function parseServiceNetworks(where: At, node: YNode): ServiceNetworkRef[] {
  const out: ServiceNetworkRef[] = [];
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const name = asNonEmptyString(at(where, i), item, 'a network name');
      if (name !== undefined) out.push({ spec: { network: name, aliases: [] }, loc: item.loc, field: at(where, i).field });
    });
    return out;
  }
  const map = asMap(where, node, 'a list or mapping of networks');
  if (!map) return out;
  for (const e of map.entries) {
    const netAt = at(where, e.key);
    const ref: ServiceNetworkRef = { spec: { network: e.key, aliases: [] }, loc: e.keyLoc, field: netAt.field };
    out.push(ref);
    if (isNull(e.value)) continue;
    const body = asMap(netAt, e.value, 'a mapping or nothing');
    if (!body) continue;
    for (const k of readKeys(netAt, body, SERVICE_NETWORK_KEYS, `network ${quote(e.key)} of service '${where.service}'`)) {
      const keyAt = at(netAt, k.key);
      if (k.key === 'ipv4_address') {
        const text = asNonEmptyString(keyAt, k.value, 'an IPv4 address');
        if (text !== undefined) {
          ref.spec.ipv4Address = text;
          ref.ipv4 = { address: text, loc: k.value.loc, field: keyAt.field };
        }
      } else if (k.key === 'aliases') {
        asSeq(keyAt, k.value)?.items.forEach((item, i) => {
          const alias = asNonEmptyString(at(keyAt, i), item, 'a host name');
          if (alias !== undefined && !ref.spec.aliases.includes(alias)) ref.spec.aliases.push(alias);
        });
      } else if (k.key === 'mac_address') ref.spec.macAddress = asNonEmptyString(keyAt, k.value, 'a MAC address');
      else ref.spec.driverOpts = stringMap(keyAt, k.value);
    }
    for (const key of Object.keys(ref.spec) as Array<keyof ServiceNetworkSpec>) if (ref.spec[key] === undefined) delete ref.spec[key];
  }
  return out;
}

/** The message for a service on a network the file does not declare. */
export function undefinedNetwork(name: string, service: string): string {
  return `service '${service}' refers to undefined network ${quote(name)}: declare it under the top-level networks:`;
}
