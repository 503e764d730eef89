// Merging two service definitions as compose merges a service with the one it `extends`: the
// extending service wins; mappings merge key by key; environment, labels and their kin merge by
// variable whether written as a mapping or a KEY=value list; volumes merge by target, secrets
// and configs by source; command, entrypoint and healthcheck.test are replaced; other lists are
// appended (without repeating an item). Done on the located YAML tree, so every value keeps the
// line (and file) it was written at.

import type { YEntry, YMap, YNode, YScalar } from './yamlNodes.ts';

/** Keys whose value is a mapping or a list of KEY=value (or host:ip): merged key by key. */
const KEYED = new Set(['environment', 'labels', 'annotations', 'extra_hosts', 'sysctls', 'storage_opt', 'args']);
/** Replaced as a whole. */
const REPLACED = new Set(['command', 'entrypoint', 'test']);
/** Compose never shares these through extends: dependencies are always written where they apply. */
export const NOT_INHERITED = new Set(['depends_on', 'volumes_from', 'extends']);

/** `service` merged over `base`: a new tree, neither input is changed. */
export function mergeServiceNodes(base: YMap, service: YMap): YMap {
  const inherited = base.entries.filter((e) => !NOT_INHERITED.has(e.key));
  return mergeMaps({ ...base, entries: inherited }, service, '');
}

function mergeMaps(base: YMap, over: YMap, parentKey: string): YMap {
  const entries: YEntry[] = base.entries.map((e) => ({ ...e }));
  for (const e of over.entries) {
    const i = entries.findIndex((b) => b.key === e.key);
    if (i < 0) entries.push(e);
    else entries[i] = { key: e.key, keyLoc: e.keyLoc, value: mergeValue(entries[i].value, e.value, e.key, parentKey) };
  }
  return { kind: 'map', entries, loc: over.loc };
}

function mergeValue(base: YNode, over: YNode, key: string, parentKey: string): YNode {
  if (REPLACED.has(key)) return over;
  if (KEYED.has(key)) return mergeKeyed(base, over, key === 'extra_hosts');
  if (key === 'logging' && base.kind === 'map' && over.kind === 'map') {
    // Options of one driver mean nothing to another: a new driver replaces the whole block.
    const driver = (m: YMap) => m.entries.find((e) => e.key === 'driver')?.value;
    const a = driver(base);
    const b = driver(over);
    if (a && b && text(a) !== text(b)) return over;
  }
  if (key === 'networks' && parentKey === '') return mergeMaps(asNetworkMap(base), asNetworkMap(over), key);
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, key);
  if (base.kind === 'seq' && over.kind === 'seq') {
    if (key === 'volumes' && parentKey === '') return mergeBy(base, over, volumeTarget);
    if ((key === 'secrets' || key === 'configs') && parentKey === '') return mergeBy(base, over, secretSource);
    return mergeBy(base, over, (n) => (n.kind === 'scalar' ? `=${n.text}` : undefined));
  }
  return over;
}

function text(n: YNode): string | undefined {
  return n.kind === 'scalar' ? n.text : undefined;
}

/** Items of both lists; an item of `over` with the same key as one of `base` takes its place. */
function mergeBy(base: { items: YNode[] } & YNode, over: { items: YNode[] } & YNode, keyOf: (n: YNode) => string | undefined): YNode {
  const items = [...base.items];
  for (const item of over.items) {
    const k = keyOf(item);
    const i = k === undefined ? -1 : items.findIndex((b) => keyOf(b) === k);
    if (i < 0) items.push(item);
    else items[i] = item;
  }
  return { kind: 'seq', items, loc: over.loc };
}

function volumeTarget(n: YNode): string | undefined {
  if (n.kind === 'map') return text(n.entries.find((e) => e.key === 'target')?.value ?? n) ?? undefined;
  if (n.kind !== 'scalar') return undefined;
  const parts = n.text.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

function secretSource(n: YNode): string | undefined {
  if (n.kind === 'map') return text(n.entries.find((e) => e.key === 'source')?.value ?? n);
  return text(n);
}

/** `networks: [a, b]` as `{ a: null, b: null }`, so lists and mappings merge alike. */
function asNetworkMap(n: YNode): YMap {
  if (n.kind === 'map') return n;
  if (n.kind !== 'seq') return { kind: 'map', entries: [], loc: n.loc };
  return {
    kind: 'map',
    loc: n.loc,
    entries: n.items.filter((i): i is YScalar => i.kind === 'scalar').map((i) => ({ key: i.text, keyLoc: i.loc, value: nullAt(i) })),
  };
}

function nullAt(n: YNode): YScalar {
  return { kind: 'scalar', value: null, text: '', loc: n.loc };
}

/** A mapping or KEY=value list as mapping entries; extra_hosts also splits `host:ip`. */
function keyedEntries(n: YNode, hosts: boolean): YEntry[] | undefined {
  if (n.kind === 'map') return n.entries;
  if (n.kind !== 'seq') return undefined;
  const out: YEntry[] = [];
  for (const item of n.items) {
    if (item.kind !== 'scalar') return undefined;
    const s = item.text;
    const eq = s.indexOf('=');
    const sep = eq >= 0 || !hosts ? eq : s.indexOf(':');
    const key = sep < 0 ? s : s.slice(0, sep);
    const value: YScalar = sep < 0 ? nullAt(item) : { kind: 'scalar', value: s.slice(sep + 1), text: s.slice(sep + 1), loc: item.loc };
    out.push({ key, keyLoc: item.loc, value });
  }
  return out;
}

function mergeKeyed(base: YNode, over: YNode, hosts: boolean): YNode {
  const a = keyedEntries(base, hosts);
  const b = keyedEntries(over, hosts);
  // A value of the wrong shape is reported when the merged service is read.
  if (!a || !b) return over;
  return mergeMaps({ kind: 'map', entries: a, loc: base.loc }, { kind: 'map', entries: b, loc: over.loc }, 'keyed');
}
