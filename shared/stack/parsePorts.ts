// `ports:` and `expose:` of a service, in compose's short and long forms.

import type { PortSpec } from './model.ts';
import { PORT_KEYS, readKeys } from './composeKeys.ts';
import { asInt, asMap, asNonEmptyString, asSeq, at, expected, intValue, report, type At } from './nodeReaders.ts';
import type { YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
type Protocol = PortSpec['protocol'];
const PORT_EXAMPLE = 'a port like "8080:80"';

/** `80` or `8000-8002` as [first, last]; undefined when not a port or range of ports. */
function portRange(text: string, min = 1): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first < min || last > 65535 || last < first) return undefined;
  return [first, last];
}

function asProtocol(text: string | undefined): Protocol | undefined {
  const p = (text ?? 'tcp').toLowerCase();
  return (PROTOCOLS as readonly string[]).includes(p) ? (p as Protocol) : undefined;
}

/**
 * Short syntax: `[[host_ip:][published]:]target[/protocol]`, where host_ip may be `[ipv6]` and
 * ports may be ranges of equal length (`8000-8002:8000-8002` is three ports), or a host range
 * onto one container port (`6005-6015:80`: the engine takes a free port of the range).
 */
export function parseShortPort(text: string): PortSpec[] | { error: string } {
  const bad = { error: `expected ${PORT_EXAMPLE}, got ${quote(text, '"')}` };
  const slash = text.lastIndexOf('/');
  const protocol = asProtocol(slash >= 0 ? text.slice(slash + 1) : undefined);
  if (!protocol) return { error: `unknown protocol in ${quote(text, '"')} (use tcp, udp or sctp)` };
  let rest = slash >= 0 ? text.slice(0, slash) : text;

  let hostIp: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (hostIp !== undefined && parts.length !== 2)) return bad;
  if (parts.length === 3) hostIp = parts.shift();
  const targetText = parts.pop() as string;
  const publishedText = parts.pop();

  const target = portRange(targetText);
  if (!target) return bad;
  let published: [number, number] | undefined;
  if (publishedText !== undefined && publishedText !== '') {
    published = portRange(publishedText, 0);
    if (!published) return bad;
  }
  const count = target[1] - target[0] + 1;
  if (published && count === 1 && published[1] > published[0]) {
    const spec: PortSpec = { target: target[0], protocol, published: published[0], publishedLast: published[1] };
    if (hostIp) spec.hostIp = hostIp;
    return [spec];
  }
  if (published && published[1] - published[0] + 1 !== count) {
    return { error: `${quote(text, '"')}: the host and container port ranges must have the same length` };
  }
  const specs: PortSpec[] = [];
  for (let i = 0; i < count; i++) {
    const spec: PortSpec = { target: target[0] + i, protocol };
    // Published port 0 means "any free port", as does leaving it out.
    if (published && published[0] + i !== 0) spec.published = published[0] + i;
    if (hostIp) spec.hostIp = hostIp;
    specs.push(spec);
  }
  return specs;
}

function parseLongPort(where: At, node: YNode): PortSpec[] {
  const map = asMap(where, node);
  if (!map) return [];
  const entries = readKeys(where, map, PORT_KEYS, `a port of service '${where.service}'`);
  const value = (k: string) => entries.find((e) => e.key === k);
  const targetEntry = value('target');
  if (!targetEntry) {
    report(where, map.loc, 'a port in the long form needs a target (the container port)');
    return [];
  }
  const target = asInt(at(where, 'target'), targetEntry.value, 'a port number (1 to 65535)', 1, 65535);
  const spec: Partial<PortSpec> = { target, protocol: 'tcp' };
  const published = value('published');
  if (published) {
    const range = published.value.kind === 'scalar' && typeof published.value.value === 'string' ? portRange(published.value.value.trim(), 0) : undefined;
    if (range && range[1] > range[0]) Object.assign(spec, { published: range[0], publishedLast: range[1] });
    else {
      const n = asInt(at(where, 'published'), published.value, 'a port number (0 to 65535) or a range like "8000-8010"', 0, 65535);
      if (n) spec.published = n;
    }
  }
  const hostIp = value('host_ip');
  if (hostIp) spec.hostIp = asNonEmptyString(at(where, 'host_ip'), hostIp.value, 'an IP address');
  const protocolEntry = value('protocol');
  if (protocolEntry) {
    const text = asNonEmptyString(at(where, 'protocol'), protocolEntry.value, 'tcp, udp or sctp');
    const protocol = text === undefined ? undefined : asProtocol(text);
    if (text !== undefined && !protocol) expected(at(where, 'protocol'), protocolEntry.value, 'tcp, udp or sctp');
    spec.protocol = protocol;
  }
  if (spec.target === undefined || spec.protocol === undefined) return [];
  if (spec.hostIp === undefined) delete spec.hostIp;
  return [spec as PortSpec];
}

export function parsePorts(where: At, node: YNode): PortSpec[] {
  const list = asSeq(where, node);
  if (!list) return [];
  const out: PortSpec[] = [];
  list.items.forEach((item, i) => {
    const itemAt = at(where, i);
    if (item.kind === 'map') {
      out.push(...parseLongPort(itemAt, item));
      return;
    }
    const n = intValue(item);
    const text = n !== undefined ? String(n) : item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
    if (text === undefined) return void expected(itemAt, item, PORT_EXAMPLE);
    const parsed = parseShortPort(text);
    if ('error' in parsed) report(itemAt, item.loc, parsed.error);
    else out.push(...parsed);
  });
  return out;
}

/** `expose: [3306, "8080", "53/udp", "8000-8002"]` as normalised `port/proto` strings. */
export function parseExpose(where: At, node: YNode): string[] {
  const list = asSeq(where, node);
  if (!list) return [];
  const out: string[] = [];
  list.items.forEach((item, i) => {
    const n = intValue(item);
    const text = n !== undefined ? String(n) : item.kind === 'scalar' && typeof item.value === 'string' ? item.value : '';
    const m = /^([\d-]+)(?:\/(\w+))?$/.exec(text);
    const range = m ? portRange(m[1]) : undefined;
    const protocol = m ? asProtocol(m[2]) : undefined;
    if (!range || !protocol) return void expected(at(where, i), item, 'a container port like 3306 or "3306/tcp"');
    for (let p = range[0]; p <= range[1]; p++) {
      const entry = `${p}/${protocol}`;
      if (!out.includes(entry)) out.push(entry);
    }
  });
  return out;
}
