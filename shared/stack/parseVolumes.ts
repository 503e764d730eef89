// Volumes: the top-level `volumes:` declarations and a service's `volumes:` / `tmpfs:` mounts.

import type { MountSpec, VolumeSpec } from './model.ts';
import {
  BIND_KEYS, IMAGE_OPTION_KEYS, SERVICE_VOLUME_KEYS, TMPFS_KEYS, TOP_VOLUME_KEYS, VOLUME_OPTION_KEYS, readKeys,
} from './composeKeys.ts';
import { checkExternal } from './external.ts';
import { imageReferenceProblem } from './imageReference.ts';
import {
  asBool, asKeyValues, asMap, asNonEmptyString, asSeq, asString, asStringOrList, at, expected, isNull, report, type At,
} from './nodeReaders.ts';
import { parseByteSize } from './units.ts';
import { dirOf, joinPath, type Loc, type Reporter, type YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A named volume a service mounts: it must be declared at the top level (or be a preset's). */
export interface VolumeReference {
  name: string;
  loc: Loc;
  field: string;
}

/** Where a mount was written, for the checks across a service's mounts (one target, one mount). */
export interface PlacedMount {
  mount: MountSpec;
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
    const { external, name: externalName } = checkExternal(volAt, body, `volume ${quote(entry.key)}`);
    if (external) {
      spec.external = externalName ?? entry.key;
      continue;
    }
    for (const e of readKeys(volAt, body, TOP_VOLUME_KEYS, `volume ${quote(entry.key)}`)) {
      const keyAt = at(volAt, e.key);
      if (e.key === 'labels') spec.labels = labelValues(asKeyValues(keyAt, e.value));
      else if (e.key === 'driver') spec.driver = asNonEmptyString(keyAt, e.value, 'a volume driver like local');
      else if (e.key === 'driver_opts') spec.driverOpts = optionValues(keyAt, e.value);
      else if (e.key === 'name') {
        const v = asNonEmptyString(keyAt, e.value, 'a volume name');
        if (v !== undefined && !VOLUME_NAME.test(v)) report(keyAt, e.value.loc, `${quote(v)} is not a valid volume name (letters, digits, _ . -)`);
        else if (v !== undefined && v !== entry.key) {
          // A fixed engine name would be shared by every clone of the stack: it is kept per stack.
          spec.engineName = v;
          where.reporter.warn(`volume '${entry.key}': name '${v}' becomes <stack>_${v}, so that every stack has its own; use external: true to share one volume`);
        }
      }
    }
    for (const key of ['driver', 'driverOpts', 'engineName'] as const) if (spec[key] === undefined) delete spec[key];
  }
  return volumes;
}

function optionValues(where: At, node: YNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asMap(where, node)?.entries ?? []) {
    const v = asString(at(where, e.key), e.value, 'a string or number');
    if (v !== undefined) out[e.key] = v;
  }
  return out;
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

/**
 * A relative host path written in another file (include, extends) as a path relative to the stack
 * file's folder: compose resolves such paths against the folder of the file that has them.
 */
export function rebasePath(path: string, loc: Loc): string {
  if (!loc.file || path.startsWith('/') || path.startsWith('~')) return path;
  const joined = joinPath(dirOf(loc.file), path);
  return joined.startsWith('..') ? joined : `./${joined}`;
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

/** tmpfs `size`: a whole number of bytes (0 or more) or a size like 64m, as compose's schema says. */
function tmpfsSize(where: At, node: YNode): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'number') {
    if (!Number.isInteger(node.value)) return void report(where, node.loc, `tmpfs size ${node.text} must be a whole number of bytes (or a size like 64m)`);
    if (node.value < 0) return void report(where, node.loc, `tmpfs size ${node.text} must be 0 or more`);
    return node.value;
  }
  const text = asString(where, node, 'a size like 64m');
  if (text === undefined) return undefined;
  const n = parseByteSize(text);
  return n === undefined ? expected(where, node, 'a size like 64m') : n;
}

const LATER_TYPES: Record<string, string> = {
  npipe: 'named pipes (type: npipe) are not supported by Branchyard: they exist on Windows engines only',
  cluster: 'cluster volumes (type: cluster) are not supported by Branchyard: they are swarm volumes',
};

function parseLongVolume(where: At, node: YNode): { mount?: MountSpec; volume?: string } {
  const map = asMap(where, node);
  if (!map) return {};
  const owner = `a volume of service '${where.service}'`;
  const typeEntry = map.entries.find((e) => e.key === 'type');
  const typeText = typeEntry ? asNonEmptyString(at(where, 'type'), typeEntry.value) : 'volume';
  if (typeText !== undefined && Object.hasOwn(LATER_TYPES, typeText)) {
    report(at(where, 'type'), typeEntry!.value.loc, LATER_TYPES[typeText]);
    return {};
  }
  const entries = readKeys(where, map, SERVICE_VOLUME_KEYS, owner);
  const get = (k: string) => entries.find((e) => e.key === k);
  const str = (k: string) => {
    const e = get(k);
    return e ? asNonEmptyString(at(where, k), e.value) : undefined;
  };
  const type = typeText ?? 'volume';
  if (!['volume', 'bind', 'tmpfs', 'image'].includes(type)) {
    report(at(where, 'type'), typeEntry?.value.loc ?? map.loc, `expected volume, bind, tmpfs or image, got ${quote(type, '"')}`);
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
  const options = (k: string, keys: typeof TMPFS_KEYS) => {
    const e = get(k);
    const m = e ? asMap(at(where, k), e.value) : undefined;
    return m ? readKeys(at(where, k), m, keys, owner) : [];
  };

  if (type === 'tmpfs') {
    const parts: string[] = [];
    for (const e of options('tmpfs', TMPFS_KEYS)) {
      const keyAt = at(at(where, 'tmpfs'), e.key);
      if (e.key === 'size') {
        const size = tmpfsSize(keyAt, e.value);
        if (size) parts.push(`size=${size}`);
      } else {
        const mode = e.value.kind === 'scalar' && e.value.value !== null ? e.value.text : undefined;
        if (mode === undefined || !/^[0-7]{3,4}$/.test(mode)) expected(keyAt, e.value, 'a file mode in octal, like 1777');
        else parts.push(`mode=${mode}`);
      }
    }
    return { mount: parts.length ? { type: 'tmpfs', target, options: parts.join(',') } : { type: 'tmpfs', target } };
  }
  if (type === 'bind') {
    if (!source) {
      report(at(where, 'source'), map.loc, 'a bind mount needs a source path on the host');
      return {};
    }
    const mount: MountSpec = { type: 'bind', source, target, readOnly };
    const mode: string[] = [];
    for (const e of options('bind', BIND_KEYS)) {
      const keyAt = at(at(where, 'bind'), e.key);
      if (e.key === 'create_host_path') {
        if (asBool(keyAt, e.value) === false) mount.createHostPath = false;
        continue;
      }
      const v = asString(keyAt, e.value);
      if (!v) continue;
      const allowed = e.key === 'selinux' ? ['z', 'Z'] : ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];
      if (allowed.includes(v)) mode.push(v);
      else expected(keyAt, e.value, allowed.join(', '));
    }
    if (mode.length > 0) mount.mode = mode.join(',');
    return { mount };
  }
  if (type === 'image') {
    if (!source) {
      report(at(where, 'source'), map.loc, 'an image mount needs a source: the image, like nginx:1.27');
      return {};
    }
    const problem = imageReferenceProblem(source);
    if (problem) {
      report(at(where, 'source'), get('source')?.value.loc, problem);
      return {};
    }
    const mount: MountSpec = { type: 'image', source, target, readOnly };
    for (const e of options('image', IMAGE_OPTION_KEYS)) {
      const subpath = readSubpath(at(at(where, 'image'), e.key), e.value);
      if (subpath) mount.subpath = subpath;
    }
    return { mount };
  }
  const mount: MountSpec = { type: 'volume', source: source ?? '', target, readOnly };
  for (const e of options('volume', VOLUME_OPTION_KEYS)) {
    const keyAt = at(at(where, 'volume'), e.key);
    if (e.key === 'nocopy') {
      if (asBool(keyAt, e.value)) mount.noCopy = true;
    } else {
      const subpath = readSubpath(keyAt, e.value);
      if (subpath && !source) report(keyAt, e.value.loc, 'a subpath needs a named volume (source:) to be a path of');
      else if (subpath) mount.subpath = subpath;
    }
  }
  if (!source) return { mount: { type: 'anonymous', target } };
  if (!VOLUME_NAME.test(source)) {
    report(at(where, 'source'), get('source')?.value.loc, `${quote(source)} is not a valid volume name (letters, digits, _ . -)`);
    return {};
  }
  return { mount, volume: source };
}

/** A path inside the volume or image: relative, and not out of it (the engine refuses both). */
function readSubpath(where: At, node: YNode): string | undefined {
  const text = asNonEmptyString(where, node, 'a path inside it, like data/uploads');
  if (text === undefined) return undefined;
  if (text.startsWith('/')) return void report(where, node.loc, `subpath ${quote(text)} must be relative: a path inside the volume or image`);
  if (text.split('/').includes('..')) return void report(where, node.loc, `subpath ${quote(text)} must not leave the volume or image (no ..)`);
  return text.replace(/\/+$/, '') || undefined;
}

export function parseServiceVolumes(where: At, node: YNode): { mounts: PlacedMount[]; references: VolumeReference[] } {
  const mounts: PlacedMount[] = [];
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
    const mount = result.mount;
    if (mount?.type === 'bind') mount.source = rebasePath(mount.source, item.loc);
    if (mount) mounts.push({ mount, loc: item.loc, field: itemAt.field });
    if (result.volume) references.push({ name: result.volume, loc: item.loc, field: itemAt.field });
  });
  return { mounts, references };
}

/** `tmpfs: /run` or `tmpfs: ["/run:size=64m,mode=1777"]`. */
export function parseTmpfs(where: At, node: YNode): PlacedMount[] {
  const out: PlacedMount[] = [];
  const list = node.kind === 'seq';
  asStringOrList(where, node).forEach(({ value, node: item }, i) => {
    const colon = value.indexOf(':');
    const target = colon < 0 ? value : value.slice(0, colon);
    const options = colon < 0 ? '' : value.slice(colon + 1);
    const itemAt = list ? at(where, i) : where;
    if (!target.startsWith('/')) return void expected(itemAt, item, 'an absolute path like /run or "/run:size=64m"');
    out.push({ mount: options ? { type: 'tmpfs', target, options } : { type: 'tmpfs', target }, loc: item.loc, field: itemAt.field });
  });
  return out;
}

/** Two mounts on one path: compose refuses a tmpfs beside another mount, the engine any duplicate. */
export function checkMountTargets(mounts: PlacedMount[], reporter: Reporter, service: string): void {
  const seen = new Map<string, PlacedMount>();
  for (const m of mounts) {
    const first = seen.get(m.mount.target);
    if (!first) {
      seen.set(m.mount.target, m);
      continue;
    }
    const kinds = [first.mount.type, m.mount.type].map((t) => (t === 'anonymous' ? 'volume' : t === 'bind' ? 'bind mount' : t));
    const why = kinds.includes('tmpfs') ? 'a tmpfs cannot share its target with another mount' : 'the engine refuses two mounts on one path';
    reporter.issue(m.loc, m.field, `services.${service}: ${kinds[0]} and ${kinds[1]} on the same target ${m.mount.target}: ${why}`, service);
  }
}
