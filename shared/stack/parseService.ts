// One entry of `services:`: reads every key into a ServiceSpec and keeps what the cross-service
// checks (addresses, dependencies, references to volumes, networks, secrets and other services)
// need, with locations. Keys the specification has and Branchyard cannot run are refused with
// the reason (composeKeys.ts).

import { parseS2i } from './parseS2i.ts';
import type { PresetName, PullPolicy, ServiceSpec } from './model.ts';
import { SERVICE_KEYS, readKeys } from './composeKeys.ts';
import { parseDotenv } from './dotenv.ts';
import type { FileRead } from './fileRead.ts';
import { type InterpolationFailure, interpolate, type Variables } from './interpolate.ts';
import { isPresetName, PRESET_NAMES } from './presets.ts';
import {
  asInt, asKeyValues, asMap, asNonEmptyString, asSeq, asString, asStringOrList, at, expected, report, type At,
} from './nodeReaders.ts';
import { checkReplicas, parseDeploy } from './parseDeploy.ts';
import { parseServiceNetworks, type ServiceNetworkRef } from './parseNetworks.ts';
import { parseExpose, parsePorts } from './parsePorts.ts';
import { finishRuntime, isRuntimeKey, readRuntimeKey, type RuntimeContext, type ServiceModeRef } from './parseRuntime.ts';
import { parseHooks } from './parseHooks.ts';
import { parseServiceSecrets, type SecretUse } from './parseSecrets.ts';
import {
  parseArgv, parseBuild, parseDependsOn, parseExtraHosts, parseGracePeriodS, parseHealthcheck, parseRestart,
  resolveFromVars, type DependencyRef,
} from './parseServiceFields.ts';
import {
  checkMountTargets, labelValues, parseServiceVolumes, parseTmpfs, type PlacedMount, type VolumeReference,
} from './parseVolumes.ts';
import { dirOf, joinPath, type Loc, type YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export interface ServiceContext {
  vars: Variables;
  readFile?: (path: string) => FileRead;
}

/** A reference to another service of the file (links, volumes_from, network_mode, ipc, pid). */
export interface ServiceRef {
  service: string;
  /** What refers to it, for messages: `links`, `volumes_from`, `network_mode`, ... */
  key: string;
  loc: Loc;
  field: string;
  alias?: string;
}

export interface ParsedService {
  /** image is '' when the file gave none; hostNumber is 0 until addresses are assigned. */
  spec: ServiceSpec;
  keyLoc: Loc;
  field: string;
  preset?: PresetName;
  /** Set when the file has an x-preset key, valid or not. */
  presetLoc?: Loc;
  xIp?: { value: number; loc: Loc; field: string };
  dependsOn: DependencyRef[];
  volumeReferences: VolumeReference[];
  networkRefs: ServiceNetworkRef[];
  serviceRefs: ServiceRef[];
  secretUses: SecretUse[];
  /** Where `ports:` is, for the network_mode check. */
  portsLoc?: Loc;
  networkModeLoc?: { loc: Loc; field: string };
  containerNameLoc?: { loc: Loc; field: string };
  imageLoc?: Loc;
  /** `pull_policy: build`, for the check that the service has a build. */
  pullPolicyLoc?: { loc: Loc; field: string };
}

export function newServiceSpec(name: string): ServiceSpec {
  return {
    name, image: '', environment: {}, ports: [], expose: [], mounts: [], labels: {}, dependsOn: {},
    extraHosts: [], hostNumber: 0,
  };
}

const PULL_POLICIES: Record<string, PullPolicy> = { always: 'always', never: 'never', missing: 'missing', if_not_present: 'missing', build: 'build' };
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i;
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function parseService(parent: At, name: string, keyLoc: Loc, node: YNode, ctx: ServiceContext): ParsedService {
  const where: At = { ...at(parent, name), service: name };
  const spec = newServiceSpec(name);
  const parsed: ParsedService = {
    spec, keyLoc, field: where.field, dependsOn: [], volumeReferences: [], networkRefs: [], serviceRefs: [], secretUses: [],
  };
  const map = asMap(where, node);
  if (!map) return parsed;

  let envFromFiles: Record<string, string> = {};
  let environment: Record<string, string> = {};
  let labelsFromFiles: Record<string, string> = {};
  const placed: PlacedMount[] = [];
  const tmpfsMounts: PlacedMount[] = [];
  const runtime: RuntimeContext = { runtime: {}, resources: {}, refs: [] };
  let deployRestart: string | undefined;

  // x-preset, x-ip and x-s2i are Branchyard's own; readKeys drops other x- keys.
  for (const e of map.entries) {
    if (e.key === 'x-preset' || e.key === 'x-ip' || e.key === 'x-s2i') readBranchyardKey(at(where, e.key), e, parsed, ctx);
  }
  for (const e of readKeys(where, map, SERVICE_KEYS, `service '${name}'`)) {
    const keyAt = at(where, e.key);
    const v = e.value;
    if (isRuntimeKey(e.key)) {
      readRuntimeKey(keyAt, e.key, v, runtime);
      continue;
    }
    switch (e.key) {
      case 'image':
        spec.image = asNonEmptyString(keyAt, v, 'an image reference like mysql:8.0') ?? '';
        parsed.imageLoc = v.loc;
        break;
      case 'build':
        spec.build = parseBuild(keyAt, v, ctx.vars);
        break;
      case 'command':
        spec.command = parseArgv(keyAt, v);
        break;
      case 'entrypoint':
        spec.entrypoint = parseArgv(keyAt, v);
        break;
      case 'environment':
        environment = resolveFromVars(asKeyValues(keyAt, v), ctx.vars);
        break;
      case 'env_file':
        envFromFiles = readEnvFiles(keyAt, v, ctx);
        break;
      case 'label_file':
        labelsFromFiles = readLabelFiles(keyAt, v, ctx);
        break;
      case 'working_dir':
        spec.workingDir = asNonEmptyString(keyAt, v, 'an absolute path');
        break;
      case 'user':
        spec.user = asNonEmptyString(keyAt, v, 'a user like 1000 or "app:app"');
        break;
      case 'hostname':
        spec.hostname = asNonEmptyString(keyAt, v, 'a host name');
        break;
      case 'ports':
        spec.ports = parsePorts(keyAt, v);
        parsed.portsLoc = e.keyLoc;
        break;
      case 'expose':
        spec.expose = parseExpose(keyAt, v);
        break;
      case 'volumes': {
        const { mounts, references } = parseServiceVolumes(keyAt, v);
        placed.push(...mounts);
        parsed.volumeReferences.push(...references);
        break;
      }
      case 'tmpfs':
        tmpfsMounts.push(...parseTmpfs(keyAt, v));
        break;
      case 'labels':
        spec.labels = labelValues(asKeyValues(keyAt, v));
        break;
      case 'healthcheck':
        spec.healthcheck = parseHealthcheck(keyAt, v);
        break;
      case 'depends_on':
        parsed.dependsOn = parseDependsOn(keyAt, v);
        break;
      case 'restart':
        spec.restart = parseRestart(keyAt, v);
        break;
      case 'stop_signal':
        spec.stopSignal = asNonEmptyString(keyAt, v, 'a signal like SIGTERM');
        break;
      case 'stop_grace_period':
        spec.stopGracePeriodS = parseGracePeriodS(keyAt, v);
        break;
      case 'extra_hosts':
        spec.extraHosts = parseExtraHosts(keyAt, v);
        break;
      case 'networks':
        parsed.networkRefs = parseServiceNetworks(keyAt, v);
        break;
      case 'network_mode':
        readNetworkMode(keyAt, v, parsed);
        break;
      case 'links':
        readLinks(keyAt, v, parsed);
        break;
      case 'volumes_from':
        readVolumesFrom(keyAt, v, parsed);
        break;
      case 'container_name': {
        const c = asNonEmptyString(keyAt, v, 'a container name');
        if (c !== undefined && !CONTAINER_NAME.test(c)) report(keyAt, v.loc, `${quote(c)} is not a valid container name (letters, digits, _ . -, starting with a letter or digit)`);
        else if (c !== undefined) {
          spec.containerName = c;
          parsed.containerNameLoc = { loc: v.loc, field: keyAt.field };
        }
        break;
      }
      case 'profiles':
        spec.profiles = readProfiles(keyAt, v);
        break;
      case 'pull_policy':
        readPullPolicy(keyAt, v, parsed);
        break;
      case 'platform': {
        const p = asNonEmptyString(keyAt, v, 'a platform like linux/amd64');
        if (p !== undefined && PLATFORM.test(p)) spec.platform = p;
        else if (p !== undefined) expected(keyAt, v, 'a platform like linux/amd64 or linux/arm64/v8');
        break;
      }
      case 'deploy':
        deployRestart = parseDeploy(keyAt, v, runtime.resources);
        break;
      case 'scale':
        checkReplicas(keyAt, v, 'scale');
        break;
      case 'secrets':
      case 'configs':
        parsed.secretUses.push(...parseServiceSecrets(keyAt, v, e.key));
        break;
      case 'post_start':
        spec.postStart = parseHooks(keyAt, v, ctx.vars, 'post_start');
        break;
      case 'pre_stop':
        spec.preStop = parseHooks(keyAt, v, ctx.vars, 'pre_stop');
        break;
      // extends was merged in before the service is read (composeSources.ts).
    }
  }
  for (const ref of runtime.refs) parsed.serviceRefs.push(modeRef(ref));
  checkMountTargets([...placed, ...tmpfsMounts], where.reporter, name);
  spec.mounts.push(...placed.map((p) => p.mount), ...tmpfsMounts.map((p) => p.mount));
  // environment wins over env_file, as in compose; labels over label_file.
  spec.environment = { ...envFromFiles, ...environment };
  spec.labels = { ...labelsFromFiles, ...spec.labels };
  // deploy.restart_policy wins over restart, as in compose.
  if (deployRestart !== undefined) spec.restart = deployRestart;
  spec.runtime = finishRuntime(runtime);
  // Optional fields are absent, not present-and-undefined, so equal files give equal JSON.
  for (const key of Object.keys(spec) as Array<keyof ServiceSpec>) if (spec[key] === undefined) delete spec[key];
  return parsed;
}

function modeRef(ref: ServiceModeRef): ServiceRef {
  return { service: ref.service, key: ref.key, loc: ref.loc, field: ref.field };
}

function readBranchyardKey(keyAt: At, e: { key: string; value: YNode }, parsed: ParsedService, ctx: ServiceContext): void {
  const v = e.value;
  if (e.key === 'x-preset') {
    parsed.presetLoc = v.loc;
    const preset = asString(keyAt, v, `a preset name (${PRESET_NAMES.join(', ')})`);
    if (preset !== undefined && isPresetName(preset)) parsed.preset = preset;
    else if (preset !== undefined) report(keyAt, v.loc, `unknown preset ${quote(preset)} (valid presets: ${PRESET_NAMES.join(', ')})`);
  } else if (e.key === 'x-ip') {
    const n = asInt(keyAt, v, 'a host number like 10 (the last part of the address in a /24)');
    if (n !== undefined) parsed.xIp = { value: n, loc: v.loc, field: keyAt.field };
  } else parsed.spec.s2i = parseS2i(keyAt, v, ctx.vars, ctx.readFile);
}

const NETWORK_MODE_REFUSED: Record<string, string> = {
  host: "a container on the host's network has no fixed IP of its own, and the stacks of two branches would fight over its ports",
};

function readNetworkMode(where: At, node: YNode, parsed: ParsedService): void {
  const mode = asNonEmptyString(where, node, 'none or service:NAME');
  if (mode === undefined) return;
  parsed.networkModeLoc = { loc: node.loc, field: where.field };
  if (mode === 'none') parsed.spec.networkMode = mode;
  else if (mode === 'bridge' || mode === 'default') {
    // The engine's default bridge has no fixed IPs: the service joins the stack's network, where
    // it keeps its ports and reaches the other services by name.
    where.reporter.warn(`service '${parsed.spec.name}': network_mode ${mode} is the stack's own network in Branchyard (with a fixed IP), not the engine's default bridge`);
  } else if (mode.startsWith('service:')) {
    parsed.spec.networkMode = mode;
    parsed.serviceRefs.push({ service: mode.slice('service:'.length), key: 'network_mode', loc: node.loc, field: where.field });
  } else if (Object.hasOwn(NETWORK_MODE_REFUSED, mode)) {
    report(where, node.loc, `network_mode ${mode} is not supported by Branchyard: ${NETWORK_MODE_REFUSED[mode]}`);
  } else if (mode.startsWith('container:')) {
    report(where, node.loc, `network_mode ${quote(mode)} is not supported by Branchyard: it joins a container outside the stack; use service:NAME for a service of the file`);
  } else {
    report(where, node.loc, `network_mode ${quote(mode)} is not supported by Branchyard: use networks: to put the service on a network of the file, or none, or service:NAME`);
  }
}

/** `links: [db, db:database]`: the stack's DNS already has `db`; the alias becomes another name of db. */
function readLinks(where: At, node: YNode, parsed: ParsedService): void {
  asSeq(where, node)?.items.forEach((item, i) => {
    const text = asNonEmptyString(at(where, i), item, 'a service, or SERVICE:ALIAS');
    if (text === undefined) return;
    const [service, alias, ...rest] = text.split(':');
    if (!service || rest.length || alias === '') return void expected(at(where, i), item, 'a service, or SERVICE:ALIAS');
    parsed.serviceRefs.push({ service, key: 'links', loc: item.loc, field: at(where, i).field, ...(alias ? { alias } : {}) });
  });
}

function readVolumesFrom(where: At, node: YNode, parsed: ParsedService): void {
  const out: NonNullable<ServiceSpec['volumesFrom']> = [];
  asSeq(where, node)?.items.forEach((item, i) => {
    const itemAt = at(where, i);
    const text = asNonEmptyString(itemAt, item, 'a service, or SERVICE:ro');
    if (text === undefined) return;
    if (text.startsWith('container:')) {
      return void report(itemAt, item.loc, `volumes_from ${quote(text)} is not supported by Branchyard: it takes volumes of a container outside the stack; name a service of the file`);
    }
    const [service, mode, ...rest] = text.split(':');
    if (!service || rest.length || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) return void expected(itemAt, item, 'a service, or SERVICE:ro');
    out.push({ service, readOnly: mode === 'ro' });
    parsed.serviceRefs.push({ service, key: 'volumes_from', loc: item.loc, field: itemAt.field });
  });
  if (out.length) parsed.spec.volumesFrom = out;
}

function readProfiles(where: At, node: YNode): string[] | undefined {
  const list = asSeq(where, node, 'a list of profile names');
  if (!list) return undefined;
  const out: string[] = [];
  list.items.forEach((item, i) => {
    const p = asNonEmptyString(at(where, i), item, 'a profile name');
    if (p !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(p)) report(at(where, i), item.loc, `${quote(p)} is not a valid profile name (letters, digits, _ . -)`);
    else if (p !== undefined && !out.includes(p)) out.push(p);
  });
  return out;
}

function readPullPolicy(where: At, node: YNode, parsed: ParsedService): void {
  const p = asNonEmptyString(where, node, 'always, never, missing, build, daily or weekly');
  if (p === undefined) return;
  if (Object.hasOwn(PULL_POLICIES, p)) {
    parsed.spec.pullPolicy = PULL_POLICIES[p];
    if (p === 'build') parsed.pullPolicyLoc = { loc: node.loc, field: where.field };
  } else if (p === 'daily' || p === 'weekly' || p === 'refresh' || /^every_(\d+[wdhms])+$/.test(p)) {
    // Branchyard keeps no record of when an image was pulled: a timed policy pulls what is missing.
    parsed.spec.pullPolicy = 'missing';
    where.reporter.warn(`service '${parsed.spec.name}': pull_policy ${p} pulls the image only when it is missing (Branchyard keeps no pull times)`);
  } else expected(where, node, 'always, never, missing, if_not_present, build, daily, weekly or every_<duration>');
}

/** Interpolation errors of env_file values, said without the value. */
const ENV_FILE_FAILURES: Record<InterpolationFailure, string> = {
  syntax: 'invalid interpolation in the value (an unclosed or empty ${...}; write $$ for a literal $)',
  required: 'the value needs a variable that is not set (${VAR:?...} or ${VAR?...})',
};

/** A path an env_file or label_file entry names, relative to the stack file's folder. */
function filePath(path: string, loc: Loc): string {
  return loc.file && !path.startsWith('/') ? joinPath(dirOf(loc.file), path) : path;
}

/** env_file entries: `path`, or `{ path, required }`; later files win over earlier ones. */
function readEnvFiles(where: At, node: YNode, ctx: ServiceContext): Record<string, string> {
  const items = node.kind === 'seq' ? node.items.map((item, i) => ({ item, itemAt: at(where, i) })) : [{ item: node, itemAt: where }];
  const out: Record<string, string> = {};
  for (const { item, itemAt } of items) {
    let path: string | undefined;
    let required = true;
    if (item.kind === 'map') {
      for (const e of readKeys(itemAt, item, { supported: ['path', 'required', 'format'], extensions: false }, `env_file of service '${where.service}'`)) {
        if (e.key === 'path') path = asNonEmptyString(at(itemAt, 'path'), e.value, 'a file path');
        else if (e.key === 'required') required = !(e.value.kind === 'scalar' && (e.value.value === false || e.value.value === 'false'));
      }
      if (path === undefined) report(itemAt, item.loc, 'an env_file entry needs a path');
    } else {
      path = asNonEmptyString(itemAt, item, 'a file path or a list of them');
    }
    if (path === undefined) continue;
    const shown = `env_file ${quote(path)}`;
    const read = ctx.readFile?.(filePath(path, item.loc)) ?? { missing: true };
    if ('missing' in read) {
      // required: false forgives a file that is not there, not one that is there and unusable.
      if (required) report(itemAt, item.loc, `${shown} not found`);
      continue;
    }
    if ('problem' in read) {
      report(itemAt, item.loc, `${shown} ${read.problem}`);
      continue;
    }
    // Another file's problems name its line and what is wrong, never its text (see dotenv.ts).
    const parsed = parseDotenv(read.text, (key) => ctx.vars[key]);
    for (const p of parsed.problems) report(itemAt, item.loc, `${shown} ${p.message}`);
    for (const entry of parsed.entries) {
      // Compose interpolates env_file values too, except single-quoted ones.
      if (entry.quote === 'single') {
        out[entry.key] = entry.value;
        continue;
      }
      const result = interpolate(entry.value, ctx.vars);
      if (result.unset.length > 0) {
        where.reporter.warn(`${shown} line ${entry.line}: the value uses a variable that is not set, using an empty string for it`);
      }
      if (result.error !== undefined) report(itemAt, item.loc, `${shown} line ${entry.line}: ${ENV_FILE_FAILURES[result.reason]}`);
      else out[entry.key] = result.value;
    }
  }
  return out;
}

/** label_file: files of `key=value` lines, read like env files (no interpolation). */
function readLabelFiles(where: At, node: YNode, ctx: ServiceContext): Record<string, string> {
  const out: Record<string, string> = {};
  const list = node.kind === 'seq';
  asStringOrList(where, node).forEach(({ value, node: item }, i) => {
    const itemAt = list ? at(where, i) : where;
    const shown = `label_file ${quote(value)}`;
    const read = ctx.readFile?.(filePath(value, item.loc)) ?? { missing: true };
    if ('missing' in read) return void report(itemAt, item.loc, `${shown} not found`);
    if ('problem' in read) return void report(itemAt, item.loc, `${shown} ${read.problem}`);
    const parsed = parseDotenv(read.text);
    for (const p of parsed.problems) report(itemAt, item.loc, `${shown} ${p.message}`);
    Object.assign(out, parsed.values);
  });
  return out;
}

