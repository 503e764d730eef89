// Secrets and configs: the top-level declarations (checked as the compose loader checks them)
// and a service's uses of them. A secret or config read from a file is mounted read-only, as
// docker compose does outside swarm: a secret at /run/secrets/<target>, a config at its target
// (default /<name>). One made from an environment variable or inline content is written into
// the container before it starts, as compose does, with the use's uid, gid and mode (0444 by
// default): the engine copies it in (execute/injectFiles.ts).

import { SERVICE_SECRET_KEYS, TOP_SECRET_KEYS, readKeys } from './composeKeys.ts';
import { checkExternal } from './external.ts';
import type { InjectedFileSpec, MountSpec } from './model.ts';
import { asInt, asMap, asNonEmptyString, asSeq, at, expected, isNull, report, type At } from './nodeReaders.ts';
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
  /** `environment: NAME`: the variable whose value it is. */
  environment?: string;
  /** `content:` (configs): the text, interpolated. */
  content?: string;
  /** `external: true`: refused at its uses (it lives in a swarm). */
  external?: true;
  loc: Loc;
}

/** A service's use of a secret or config, with where it was written. */
export interface SecretUse {
  kind: SecretKind;
  source: string;
  target?: string;
  /** uid, gid or mode were given: a bind mount cannot apply them. */
  ownership: boolean;
  uid?: number;
  gid?: number;
  mode?: number;
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
      decl.external = true;
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
    else if (source.key === 'environment') decl.environment = value;
    else decl.content = value;
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
    const id = (k: 'uid' | 'gid') => {
      const e = get(k);
      return e ? asInt(at(itemAt, k), e.value, `a number (a ${k === 'uid' ? 'user' : 'group'} id), like 1000`, 0, 2 ** 31 - 1) : undefined;
    };
    const modeEntry = get('mode');
    const [uid, gid, mode] = [id('uid'), id('gid'), modeEntry ? fileMode(at(itemAt, 'mode'), modeEntry.value) : undefined];
    if (source !== undefined) {
      out.push({
        kind, source, ...(target ? { target } : {}), ownership: ['uid', 'gid', 'mode'].some((k) => get(k)),
        ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}), ...(mode !== undefined ? { mode } : {}),
        loc: item.loc, field: itemAt.field,
      });
    }
  });
  return out;
}

/**
 * A file mode as compose reads it: `0440` and `0o440` are octal (as YAML 1.1 and compose's
 * loader read them), a quoted "0440" too, `288` is decimal.
 */
export function fileMode(where: At, node: YNode): number | undefined {
  const what = 'a file mode in octal, like 0440';
  if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean') return expected(where, node, what);
  const text = node.text.trim();
  const octal = /^(?:0o?)?([0-7]{1,4})$/i.exec(text);
  let mode: number | undefined;
  if (typeof node.value === 'string' || /^0/.test(text)) mode = octal ? Number.parseInt(octal[1]!, 8) : undefined;
  else if (/^[1-9]\d*$/.test(text)) mode = Number(text);
  if (mode === undefined || mode > 0o7777) return expected(where, node, what);
  return mode;
}

/** What a service's secrets and configs become: read-only binds of files, and files written in. */
export interface SecretPlacement {
  mounts: MountSpec[];
  files: InjectedFileSpec[];
}

/** The default mode of a file written in, as compose gives it: readable by every user. */
export const DEFAULT_FILE_MODE = 0o444;

/**
 * The mounts and written files of a service's secrets and configs; issues for undefined ones,
 * external ones, unset variables and files that are not there. `fileProblem` says whether a
 * secret's file is there (when the caller can tell).
 */
export function secretPlacement(
  uses: SecretUse[],
  decls: SecretDecl[],
  vars: Record<string, string | undefined>,
  reporter: Reporter,
  service: string,
  fileProblem?: (path: string) => string | undefined,
): SecretPlacement {
  const out: SecretPlacement = { mounts: [], files: [] };
  for (const use of uses) {
    const one = SINGULAR[use.kind];
    const decl = decls.find((d) => d.kind === use.kind && d.name === use.source);
    const issue = (message: string) => reporter.issue(use.loc, use.field, message, service);
    if (!decl) {
      issue(`service '${service}' refers to undefined ${one} ${quote(use.source)}: declare it under the top-level ${use.kind}:`);
      continue;
    }
    if (decl.external) {
      issue(`external ${use.kind} (${one} ${quote(use.source)}) are not supported by Branchyard: they live in a swarm; give the ${one} a file`);
      continue;
    }
    const name = use.target ?? use.source;
    const target = use.kind === 'secrets' ? (name.startsWith('/') ? name : `/run/secrets/${name}`) : (name.startsWith('/') ? name : `/${name}`);
    if (decl.environment !== undefined || decl.content !== undefined) {
      const content = decl.environment !== undefined ? vars[decl.environment] : decl.content;
      // Validate still passes (the variable may be set where the stack runs); up refuses it.
      if (content === undefined) reporter.warn(`service '${service}': ${one} '${use.source}' comes from the environment variable ${decl.environment}, which is not set: up refuses it until it is`);
      out.files.push({
        kind: use.kind === 'secrets' ? 'secret' : 'config', source: use.source, target, ...(content !== undefined ? { content } : {}),
        ...(decl.environment !== undefined ? { variable: decl.environment } : {}), mode: use.mode ?? DEFAULT_FILE_MODE,
        ...(use.uid !== undefined ? { uid: use.uid } : {}), ...(use.gid !== undefined ? { gid: use.gid } : {}),
      });
      continue;
    }
    if (!decl.file) continue;
    const problem = fileProblem?.(decl.file);
    if (problem) {
      issue(`the file ${quote(decl.file)} of ${one} ${quote(use.source)} ${problem}`);
      continue;
    }
    if (use.ownership) {
      reporter.warn(`service '${service}': uid, gid and mode of ${one} '${use.source}' are not applied: a ${one} read from a file is mounted as the file is (one from environment: or content: is written in with them)`);
    }
    // A Mounts bind: a file that went missing since validate is an error, not a new empty folder.
    out.mounts.push({ type: 'bind', source: decl.file, target, readOnly: true, createHostPath: false });
  }
  return out;
}
