// Secrets and configs: the top-level declarations (checked as the compose loader checks them)
// and a service's uses of them. A secret or config read from a file is mounted read-only, as
// docker compose does outside swarm: a secret at /run/secrets/<target>, a config at its target
// (default /<name>). Those made from an environment variable or inline content are refused for
// now: they need a file written for the container.

import { SERVICE_SECRET_KEYS, TOP_SECRET_KEYS, readKeys } from './composeKeys.ts';
import { checkExternal } from './external.ts';
import type { MountSpec } from './model.ts';
import { asMap, asNonEmptyString, asSeq, at, isNull, report, type At } from './nodeReaders.ts';
import { rebasePath } from './parseVolumes.ts';
import type { Loc, Reporter, YEntry } from './yamlNodes.ts';
import type { YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export type SecretKind = 'secrets' | 'configs';

/** A top-level secret or config. */
export interface SecretDecl {
  kind: SecretKind;
  name: string;
  /** The file it is read from, relative to the stack file's folder (rebased from other files). */
  file?: string;
  /** Where it comes from when it is not a file: refused at its uses for now. */
  other?: 'environment' | 'content' | 'external';
  loc: Loc;
}

/** A service's use of a secret or config, with where it was written. */
export interface SecretUse {
  kind: SecretKind;
  source: string;
  target?: string;
  /** uid, gid or mode were given: a bind mount cannot apply them. */
  ownership: boolean;
  loc: Loc;
  field: string;
}

const SINGULAR: Record<SecretKind, string> = { secrets: 'secret', configs: 'config' };

export function parseTopLevelSecrets(where: At, entries: YEntry[], kind: SecretKind): SecretDecl[] {
  const out: SecretDecl[] = [];
  const one = SINGULAR[kind];
  for (const entry of entries) {
    const sAt = at(where, entry.key);
    const decl: SecretDecl = { kind, name: entry.key, loc: entry.keyLoc };
    out.push(decl);
    if (isNull(entry.value)) {
      report(sAt, entry.keyLoc, `${kind}.${entry.key}: one of file|environment${kind === 'configs' ? '|content' : ''} must be set`);
      continue;
    }
    const body = asMap(sAt, entry.value, 'a mapping like { file: ./secret.txt }');
    if (!body) continue;
    const { external } = checkExternal(sAt, body, `${one} ${quote(entry.key)}`);
    if (external) {
      decl.other = 'external';
      continue;
    }
    const got = readKeys(sAt, body, TOP_SECRET_KEYS, `${one} ${quote(entry.key)}`);
    if (kind === 'secrets') {
      const content = got.find((e) => e.key === 'content');
      if (content) report(at(sAt, 'content'), content.keyLoc, `${kind}.${entry.key}: content is not allowed for secrets`);
    }
    const sources = got.filter((e) => e.key === 'file' || e.key === 'environment' || (kind === 'configs' && e.key === 'content'));
    if (sources.length > 1) {
      report(at(sAt, sources[1].key), sources[1].keyLoc, `${kind}.${entry.key}: file|environment${kind === 'configs' ? '|content' : ''} attributes are mutually exclusive`);
      continue;
    }
    if (sources.length === 0) {
      if (!got.some((e) => e.key === 'content')) report(sAt, entry.keyLoc, `${kind}.${entry.key}: one of file|environment${kind === 'configs' ? '|content' : ''} must be set`);
      continue;
    }
    const [source] = sources;
    const value = asNonEmptyString(at(sAt, source.key), source.value, source.key === 'file' ? 'a file path' : source.key === 'environment' ? 'a variable name' : 'the content');
    if (value === undefined) continue;
    if (source.key === 'file') decl.file = rebasePath(value, source.value.loc);
    else decl.other = source.key as 'environment' | 'content';
  }
  return out;
}

/** `secrets: [name, { source, target, uid, gid, mode }]` of a service. */
export function parseServiceSecrets(where: At, node: YNode, kind: SecretKind): SecretUse[] {
  const out: SecretUse[] = [];
  asSeq(where, node)?.items.forEach((item, i) => {
    const itemAt = at(where, i);
    if (item.kind !== 'map') {
      const source = asNonEmptyString(itemAt, item, `a ${SINGULAR[kind]} name, or { source, target }`);
      if (source !== undefined) out.push({ kind, source, ownership: false, loc: item.loc, field: itemAt.field });
      return;
    }
    const got = readKeys(itemAt, item, SERVICE_SECRET_KEYS, `a ${SINGULAR[kind]} of service '${where.service}'`);
    const get = (k: string) => got.find((e) => e.key === k);
    const sourceEntry = get('source');
    if (!sourceEntry) return void report(itemAt, item.loc, `a ${SINGULAR[kind]} needs a source (its name under the top-level ${kind}:)`);
    const source = asNonEmptyString(at(itemAt, 'source'), sourceEntry.value, 'a name');
    const targetEntry = get('target');
    const target = targetEntry ? asNonEmptyString(at(itemAt, 'target'), targetEntry.value, 'a path') : undefined;
    if (source !== undefined) {
      out.push({ kind, source, ...(target ? { target } : {}), ownership: ['uid', 'gid', 'mode'].some((k) => get(k)), loc: item.loc, field: itemAt.field });
    }
  });
  return out;
}

/**
 * The mounts of a service's secrets and configs; issues for undefined ones and for sources that
 * are not files yet. `fileState` says whether a secret's file is there (when the caller can tell).
 */
export function secretMounts(
  uses: SecretUse[],
  decls: SecretDecl[],
  reporter: Reporter,
  service: string,
  fileProblem?: (path: string) => string | undefined,
): MountSpec[] {
  const mounts: MountSpec[] = [];
  for (const use of uses) {
    const one = SINGULAR[use.kind];
    const decl = decls.find((d) => d.kind === use.kind && d.name === use.source);
    const issue = (message: string) => reporter.issue(use.loc, use.field, message, service);
    if (!decl) {
      issue(`service '${service}' refers to undefined ${one} ${quote(use.source)}: declare it under the top-level ${use.kind}:`);
      continue;
    }
    if (decl.other === 'external') {
      issue(`external ${use.kind} (${one} ${quote(use.source)}) are not supported by Branchyard: they live in a swarm; give the ${one} a file`);
      continue;
    }
    if (decl.other) {
      issue(`${one} ${quote(use.source)} comes from ${decl.other === 'environment' ? 'an environment variable' : 'inline content'}: not supported by Branchyard yet: only ${use.kind} read from a file are mounted`);
      continue;
    }
    if (!decl.file) continue;
    const problem = fileProblem?.(decl.file);
    if (problem) {
      issue(`the file ${quote(decl.file)} of ${one} ${quote(use.source)} ${problem}`);
      continue;
    }
    if (use.ownership) {
      reporter.warn(`service '${service}': uid, gid and mode of ${one} '${use.source}' are not applied: a ${one} read from a file is mounted as the file is`);
    }
    const name = use.target ?? use.source;
    const target = use.kind === 'secrets' ? (name.startsWith('/') ? name : `/run/secrets/${name}`) : (name.startsWith('/') ? name : `/${name}`);
    // A Mounts bind: a file that went missing since validate is an error, not a new empty folder.
    mounts.push({ type: 'bind', source: decl.file, target, readOnly: true, createHostPath: false });
  }
  return mounts;
}
