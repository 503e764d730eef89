// Compose files a stack file brings in: `include:` (whole sub-projects, their services, volumes,
// networks, secrets and configs join the stack) and `extends:` (a service built on another,
// in the same file or another one). Other files are read through the caller's readFile, like
// env_file; their nodes carry their file in every location, so a problem in one is reported
// there and relative paths in it are taken relative to its folder.

import { EXTENDS_KEYS, INCLUDE_KEYS, TOP_LEVEL_KEYS, readKeys } from './composeKeys.ts';
import { parseDotenv } from './dotenv.ts';
import type { FileRead } from './fileRead.ts';
import type { Variables } from './interpolate.ts';
import { mergeServiceNodes } from './mergeNodes.ts';
import { asMap, asNonEmptyString, asSeq, asStringOrList, at, isNull, report, type At } from './nodeReaders.ts';
import { dirOf, joinPath, loadYamlTree, type Loc, type YEntry, type YMap, type YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export interface SourceContext {
  vars: Variables;
  readFile?: (path: string) => FileRead;
}

/** The top-level entries a file contributes to the stack. */
export interface Sections {
  services: YEntry[];
  volumes: YEntry[];
  networks: YEntry[];
  secrets: YEntry[];
  configs: YEntry[];
}

export const SECTION_NAMES = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

export function emptySections(): Sections {
  return { services: [], volumes: [], networks: [], secrets: [], configs: [] };
}

/** Entries of a top-level section mapping (null is an empty section); issues for other shapes. */
export function sectionEntries(where: At, node: YNode, what: string): YEntry[] {
  if (isNull(node)) return [];
  return asMap(where, node, what)?.entries ?? [];
}

/** Reads and parses another file; undefined (with an issue at `from`) when it cannot be. */
function loadOtherFile(where: At, path: string, vars: Variables, from: Loc, ctx: SourceContext, what: string): YMap | undefined {
  const read = ctx.readFile?.(path) ?? { missing: true as const };
  if ('missing' in read) return void report(where, from, `${what} ${quote(path)} not found`);
  if ('problem' in read) return void report(where, from, `${what} ${quote(path)} ${read.problem}`);
  const root = loadYamlTree(read.text, vars, where.reporter, path);
  if (!root) return undefined;
  if (isNull(root)) return { kind: 'map', entries: [], loc: root.loc };
  return asMap({ ...where, field: '' }, root, 'a compose file (a mapping with services)');
}

/** Variables of an included file: its env_file entries (or the .env beside it) under the stack's own. */
function includeVars(where: At, envFiles: Array<{ path: string; loc: Loc }>, dir: string, ctx: SourceContext): Variables {
  const files = envFiles.length ? envFiles : [{ path: joinPath(dir, '.env'), loc: undefined }];
  const values: Record<string, string> = {};
  for (const f of files) {
    const read = ctx.readFile?.(f.path) ?? { missing: true as const };
    if ('missing' in read) {
      if (f.loc) report(where, f.loc, `env_file ${quote(f.path)} of the include not found`);
      continue;
    }
    if ('problem' in read) {
      report(where, f.loc, `${quote(f.path)} ${read.problem}`);
      continue;
    }
    const parsed = parseDotenv(read.text);
    for (const p of parsed.problems) report(where, f.loc, `${quote(f.path)} ${p.message}`);
    Object.assign(values, parsed.values);
  }
  return { ...values, ...ctx.vars };
}

/**
 * `include:` of the file at `file` (relative to the stack file's folder; '' for the stack file):
 * the sections of every included file, recursively. `chain` holds the files being included.
 */
export function resolveIncludes(where: At, node: YNode, file: string, ctx: SourceContext, chain: string[] = []): Sections {
  const out = emptySections();
  const list = asSeq(where, node, 'a list of files to include');
  list?.items.forEach((item, i) => {
    const itemAt = at(where, i);
    let paths: Array<{ value: string; loc: Loc }> = [];
    const envFiles: Array<{ path: string; loc: Loc }> = [];
    if (item.kind === 'map') {
      for (const e of readKeys(itemAt, item, INCLUDE_KEYS, 'an include')) {
        const keyAt = at(itemAt, e.key);
        if (e.key === 'path') paths = asStringOrList(keyAt, e.value).map((p) => ({ value: p.value, loc: p.node.loc }));
        else if (e.key === 'env_file') {
          for (const p of asStringOrList(keyAt, e.value)) envFiles.push({ path: joinPath(dirOf(file), p.value), loc: p.node.loc });
        } else {
          const dir = asNonEmptyString(keyAt, e.value, 'a folder');
          if (dir !== undefined && joinPath(dirOf(file), dir) !== joinPath(dirOf(file), dirOf(paths[0]?.value ?? ''))) {
            report(keyAt, e.value.loc, 'project_directory is not supported by Branchyard yet: paths in an included file are relative to its own folder');
          }
        }
      }
      if (paths.length === 0 && !item.entries.some((e) => e.key === 'path')) return void report(itemAt, item.loc, 'an include needs a path');
    } else {
      const p = asNonEmptyString(itemAt, item, 'a file path, or { path, env_file }');
      if (p !== undefined) paths = [{ value: p, loc: item.loc }];
    }
    if (paths.length > 1) {
      return void report(itemAt, paths[1].loc, 'several paths in one include are not supported by Branchyard yet: include each file on its own');
    }
    for (const p of paths) {
      const path = joinPath(dirOf(file), p.value);
      if (chain.includes(path) || path === file) {
        report(itemAt, p.loc, `include cycle: ${[...chain, path].map((x) => quote(x)).join(' -> ')}`);
        continue;
      }
      const vars = includeVars(itemAt, envFiles, dirOf(path), ctx);
      const root = loadOtherFile(itemAt, path, vars, p.loc, ctx, 'included file');
      if (root) merge(out, readSections({ ...where, field: '' }, root, path, { ...ctx, vars }, [...chain, file]), where);
    }
  });
  return out;
}

/** The sections of an included file, with its own includes. */
function readSections(where: At, root: YMap, file: string, ctx: SourceContext, chain: string[]): Sections {
  const out = emptySections();
  for (const e of readKeys(where, root, TOP_LEVEL_KEYS, `the included file ${quote(file)}`)) {
    const keyAt = at(where, e.key);
    if (e.key === 'include') merge(out, resolveIncludes(keyAt, e.value, file, ctx, chain), where);
    else if ((SECTION_NAMES as readonly string[]).includes(e.key)) {
      const own = sectionEntries(keyAt, e.value, 'a mapping');
      merge(out, { ...emptySections(), [e.key]: own }, where);
    }
    // name: the stack is named by the stack file, not by what it includes.
  }
  return out;
}

/** Adds `more` to `into`; a name defined twice is an issue at the second definition. */
export function merge(into: Sections, more: Sections, where: At): void {
  for (const section of SECTION_NAMES) {
    for (const e of more[section]) {
      const first = into[section].find((x) => x.key === e.key);
      if (first) {
        const place = (l: Loc) => `${l.file ?? 'the stack file'} line ${l.line}`;
        where.reporter.issue(e.keyLoc, `${section}.${e.key}`, `${section}.${e.key} is defined twice: in ${place(first.keyLoc)} and in ${place(e.keyLoc)} (include)`);
      } else into[section].push(e);
    }
  }
}

/** Services with their `extends` resolved: each is the base merged with what it sets itself. */
export function resolveExtends(where: At, services: YEntry[], ctx: SourceContext): YEntry[] {
  const done = new Map<string, YMap>();
  const otherFiles = new Map<string, YEntry[] | undefined>();

  const servicesOf = (path: string, from: Loc, fromAt: At): YEntry[] | undefined => {
    if (!otherFiles.has(path)) {
      const root = loadOtherFile(fromAt, path, ctx.vars, from, ctx, 'extended file');
      const node = root?.entries.find((e) => e.key === 'services')?.value;
      otherFiles.set(path, node && node.kind === 'map' ? node.entries : root ? [] : undefined);
    }
    return otherFiles.get(path);
  };

  const resolve = (entry: YEntry, scope: YEntry[], file: string, chain: string[]): YMap | undefined => {
    const id = `${file}#${entry.key}`;
    const cached = done.get(id);
    if (cached) return cached;
    if (entry.value.kind !== 'map') return undefined;
    const ext = entry.value.entries.find((e) => e.key === 'extends');
    if (!ext) return entry.value;
    const own: YMap = { ...entry.value, entries: entry.value.entries.filter((e) => e !== ext) };
    const extAt = at(at(at(where, 'services'), entry.key), 'extends');
    let baseName: string | undefined;
    let baseFile: string | undefined;
    if (ext.value.kind === 'map') {
      for (const e of readKeys(extAt, ext.value, EXTENDS_KEYS, `extends of service '${entry.key}'`)) {
        const v = asNonEmptyString(at(extAt, e.key), e.value, e.key === 'file' ? 'a file path' : 'a service name');
        if (e.key === 'service') baseName = v;
        else if (v !== undefined) baseFile = joinPath(dirOf(file), v);
      }
      if (baseName === undefined && !ext.value.entries.some((e) => e.key === 'service')) report(extAt, ext.value.loc, 'extends needs the service to extend');
    } else baseName = asNonEmptyString(extAt, ext.value, 'a service name, or { service, file }');
    if (baseName === undefined) return own;

    const targetFile = baseFile ?? file;
    const targetScope = baseFile === undefined ? scope : servicesOf(baseFile, ext.value.loc, extAt);
    if (!targetScope) return own;
    const base = targetScope.find((e) => e.key === baseName);
    const key = `${targetFile}#${baseName}`;
    if (!base) {
      report(extAt, ext.value.loc, `service '${entry.key}' extends ${quote(baseName)}, which is not in ${baseFile ? quote(baseFile) : 'the file'}`);
      return own;
    }
    if (chain.includes(key)) {
      const names = [...chain, key].map((k) => k.split('#')[1]);
      report(extAt, ext.value.loc, `extends cycle: ${names.join(' -> ')}`);
      return own;
    }
    const resolvedBase = resolve(base, targetScope, targetFile, [...chain, key]);
    if (!resolvedBase) {
      report(extAt, ext.value.loc, `service ${quote(baseName)} that '${entry.key}' extends is not a mapping`);
      return own;
    }
    const merged = mergeServiceNodes(resolvedBase, own);
    done.set(id, merged);
    return merged;
  };

  const hasExtends = (e: YEntry) => e.value.kind === 'map' && e.value.entries.some((x) => x.key === 'extends');
  if (!services.some(hasExtends)) return services;
  // Same-file extends look among the services of the file the extending one is written in.
  const scopes = new Map<string, YEntry[]>();
  for (const s of services) {
    const file = s.keyLoc.file ?? '';
    scopes.set(file, [...(scopes.get(file) ?? []), s]);
  }
  return services.map((e) => {
    if (!hasExtends(e)) return e;
    const file = e.keyLoc.file ?? '';
    const value = resolve(e, scopes.get(file)!, file, [`${file}#${e.key}`]);
    return value && value !== e.value ? { ...e, value } : e;
  });
}
