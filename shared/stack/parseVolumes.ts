// Volumes: the top-level `volumes:` declarations and a service's `volumes:` / `tmpfs:` mounts.

import type { MountSpec, VolumeSpec } from './model.ts';
import {
  asBool, asKeyValues, asMap, asNonEmptyString, asSeq, asString, asStringOrList, at, checkKeys, expected,
  intValue, isNull, report, type At,
} from './nodeReaders.ts';
import type { Loc, YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A named volume a service mounts: it must be declared at the top level (or be a preset's). */
export interface VolumeReference {
  name: string;
  loc: Loc;
  field: string;
}

export function parseTopLevelVolumes(where: At, node: YNode): VolumeSpec[] {
  if (isNull(node)) return [];
  const map = asMap(where, node);
  if (!map) return [];
  const volumes: VolumeSpec[] = [];
  for (const entry of map.entries) {
    const volAt = at(where, entry.key);
    if (!VOLUME_NAME.test(entry.key)) {
      report(volAt, entry.keyLoc, `${quote(entry.key)} is not a valid volume name (letters, digits, _ . -)`);
      continue;
    }
    const spec: VolumeSpec = { name: entry.key, labels: {} };
    volumes.push(spec);
    if (isNull(entry.value)) continue;
    const body = asMap(volAt, entry.value, 'a mapping or nothing');
    if (!body) continue;
    const keys = checkKeys(volAt, body, ['external', 'name', 'labels'], `volume ${quote(entry.key)}`);
    let external = false;
    let externalName: string | undefined;
    let name: { value: string; loc: Loc } | undefined;
    for (const e of keys) {
      const keyAt = at(volAt, e.key);
      if (e.key === 'labels') spec.labels = labelValues(asKeyValues(keyAt, e.value));
      if (e.key === 'name') {
        const v = asNonEmptyString(keyAt, e.value, 'a volume name');
        if (v !== undefined) name = { value: v, loc: e.keyLoc };
      }
      if (e.key === 'external') {
        if (e.value.kind === 'map') {
          // The old form `external: { name: x }`.
          const ext = checkKeys(keyAt, e.value, ['name'], `external of volume ${quote(entry.key)}`);
          external = true;
          const n = ext.find((x) => x.key === 'name');
          if (n) externalName = asNonEmptyString(at(keyAt, 'name'), n.value, 'a volume name');
        } else {
          external = asBool(keyAt, e.value) ?? false;
        }
      }
    }
    if (external) spec.external = externalName ?? name?.value ?? entry.key;
    else if (name) {
      // A fixed engine name would be shared by every clone of the stack.
      report(at(volAt, 'name'), name.loc, 'a volume name is only supported with external: true: Branchyard names the volumes of a stack itself, so that stacks can be cloned');
    }
  }
  return volumes;
}

export function labelValues(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v ?? '';
  return out;
}

const MODE_OPTIONS = new Set([
  'ro', 'rw', 'z', 'Z', 'nocopy', 'cached', 'delegated', 'consistent',
  'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate',
]);

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

/** Short syntax: `/path`, `name:/path[:mode]`, `./rel:/path[:mode]`, `/abs:/path`, `~/x:/y`. */
export function parseShortVolume(text: string): { mount: MountSpec; volume?: string } | { error: string } {
  const parts = text.split(':');
  const usage = `expected a volume like "name:/path", "./dir:/path:ro" or "/path", got ${quote(text, '"')}`;
  if (parts.length === 1) {
    if (!text.startsWith('/')) return { error: usage };
    return { mount: { type: 'anonymous', target: text } };
  }
  if (parts.length > 3) return { error: usage };
  const [source, target, modeText] = parts;
  if (!source || !target.startsWith('/')) return { error: usage };
  const options = modeText === undefined ? [] : modeText.split(',');
  const unknown = options.filter((o) => !MODE_OPTIONS.has(o));
  if (unknown.length > 0) {
    return { error: `unknown volume mode '${unknown.join(',')}' in ${quote(text, '"')} (e.g. ro, rw, z, Z, cached)` };
  }
  const readOnly = options.includes('ro');
  if (isHostPath(source)) {
    const extra = options.filter((o) => o !== 'ro' && o !== 'rw' && o !== 'nocopy');
    const mount: MountSpec = { type: 'bind', source, target, readOnly };
    if (extra.length > 0) mount.mode = extra.join(',');
    return { mount };
  }
  if (!VOLUME_NAME.test(source)) return { error: `${quote(source)} is not a valid volume name (letters, digits, _ . -)` };
  return { mount: { type: 'volume', source, target, readOnly }, volume: source };
}

const LONG_VOLUME_KEYS = ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'consistency'];

function parseLongVolume(where: At, node: YNode): { mount?: MountSpec; volume?: string } {
  const map = asMap(where, node);
  if (!map) return {};
  const owner = `a volume of service '${where.service}'`;
  const entries = checkKeys(where, map, LONG_VOLUME_KEYS, owner);
  const get = (k: string) => entries.find((e) => e.key === k);
  const str = (k: string) => {
    const e = get(k);
    return e ? asNonEmptyString(at(where, k), e.value) : undefined;
  };
  const typeEntry = get('type');
  const type = str('type') ?? 'volume';
  if (!['volume', 'bind', 'tmpfs'].includes(type)) {
    report(at(where, 'type'), typeEntry?.value.loc ?? map.loc, `expected volume, bind or tmpfs, got ${quote(type, '"')}`);
    return {};
  }
  const target = str('target');
  if (!target || !target.startsWith('/')) {
    report(at(where, 'target'), get('target')?.value.loc ?? map.loc, 'a volume needs an absolute target path in the container');
    return {};
  }
  const readOnlyEntry = get('read_only');
  const readOnly = readOnlyEntry ? asBool(at(where, 'read_only'), readOnlyEntry.value) ?? false : false;
  const source = str('source');

  if (type === 'tmpfs') {
    const tmpfs = get('tmpfs');
    let options: string | undefined;
    if (tmpfs) {
      const t = asMap(at(where, 'tmpfs'), tmpfs.value);
      const keys = t ? checkKeys(at(where, 'tmpfs'), t, ['size', 'mode'], owner) : [];
      options = keys.map((e) => `${e.key}=${intValue(e.value) ?? asString(at(at(where, 'tmpfs'), e.key), e.value) ?? ''}`).join(',') || undefined;
    }
    return { mount: options ? { type: 'tmpfs', target, options } : { type: 'tmpfs', target } };
  }
  if (type === 'bind') {
    if (!source) {
      report(at(where, 'source'), map.loc, 'a bind mount needs a source path on the host');
      return {};
    }
    const mount: MountSpec = { type: 'bind', source, target, readOnly };
    const bind = get('bind');
    if (bind) {
      const b = asMap(at(where, 'bind'), bind.value);
      const keys = b ? checkKeys(at(where, 'bind'), b, ['propagation', 'create_host_path', 'selinux'], owner) : [];
      const mode = keys
        .filter((e) => e.key !== 'create_host_path')
        .map((e) => asString(at(at(where, 'bind'), e.key), e.value))
        .filter((s): s is string => !!s);
      if (mode.length > 0) mount.mode = mode.join(',');
    }
    return { mount };
  }
  const volumeOptions = get('volume');
  if (volumeOptions) {
    const v = asMap(at(where, 'volume'), volumeOptions.value);
    if (v) checkKeys(at(where, 'volume'), v, ['nocopy'], owner);
  }
  if (!source) return { mount: { type: 'anonymous', target } };
  if (!VOLUME_NAME.test(source)) {
    report(at(where, 'source'), get('source')?.value.loc, `${quote(source)} is not a valid volume name (letters, digits, _ . -)`);
    return {};
  }
  return { mount: { type: 'volume', source, target, readOnly }, volume: source };
}

export function parseServiceVolumes(where: At, node: YNode): { mounts: MountSpec[]; references: VolumeReference[] } {
  const mounts: MountSpec[] = [];
  const references: VolumeReference[] = [];
  const list = asSeq(where, node);
  list?.items.forEach((item, i) => {
    const itemAt = at(where, i);
    let result: { mount?: MountSpec; volume?: string };
    if (item.kind === 'map') result = parseLongVolume(itemAt, item);
    else {
      const text = asString(itemAt, item, 'a volume like "name:/path"');
      if (text === undefined) return;
      const parsed = parseShortVolume(text);
      if ('error' in parsed) return void report(itemAt, item.loc, parsed.error);
      result = parsed;
    }
    if (result.mount) mounts.push(result.mount);
    if (result.volume) references.push({ name: result.volume, loc: item.loc, field: itemAt.field });
  });
  return { mounts, references };
}

/** `tmpfs: /run` or `tmpfs: ["/run:size=64m,mode=1777"]`. */
export function parseTmpfs(where: At, node: YNode): MountSpec[] {
  const out: MountSpec[] = [];
  for (const { value, node: item } of asStringOrList(where, node)) {
    const colon = value.indexOf(':');
    const target = colon < 0 ? value : value.slice(0, colon);
    const options = colon < 0 ? '' : value.slice(colon + 1);
    if (!target.startsWith('/')) {
      expected(where, item, 'an absolute path like /run or "/run:size=64m"');
      continue;
    }
    out.push(options ? { type: 'tmpfs', target, options } : { type: 'tmpfs', target });
  }
  return out;
}
