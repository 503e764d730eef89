// One entry of `services:`: reads every supported key into a ServiceSpec and keeps what the
// cross-service checks (addresses, dependencies, volume declarations) need, with locations.

import { parseS2i } from './parseS2i.ts';
import type { PresetName, ServiceSpec } from './model.ts';
import { parseDotenv } from './dotenv.ts';
import type { FileRead } from './fileRead.ts';
import { type InterpolationFailure, interpolate, type Variables } from './interpolate.ts';
import { isPresetName, PRESET_NAMES } from './presets.ts';
import {
  asInt, asKeyValues, asMap, asNonEmptyString, asString, at, report, type At,
} from './nodeReaders.ts';
import { parseExpose, parsePorts } from './parsePorts.ts';
import {
  parseArgv, parseBuild, parseDependsOn, parseExtraHosts, parseGracePeriodS, parseHealthcheck, parseRestart,
  parseServiceNetworks, resolveFromVars, type DependencyRef,
} from './parseServiceFields.ts';
import { labelValues, parseServiceVolumes, parseTmpfs, type VolumeReference } from './parseVolumes.ts';
import type { Loc, YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export interface ServiceContext {
  vars: Variables;
  readFile?: (path: string) => FileRead;
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
  ipv4Address?: { address: string; loc: Loc; field: string };
  dependsOn: DependencyRef[];
  volumeReferences: VolumeReference[];
  imageLoc?: Loc;
}

/** Compose keys Branchyard deliberately leaves out: named as unsupported rather than unknown. */
const UNSUPPORTED_COMPOSE_KEYS = new Set([
  'cap_add', 'cap_drop', 'cgroup_parent', 'configs', 'deploy', 'devices', 'dns', 'dns_search', 'domainname',
  'init', 'ipc', 'isolation', 'links', 'logging', 'mac_address', 'mem_limit', 'network_mode', 'pid',
  'platform', 'privileged', 'profiles', 'pull_policy', 'read_only', 'secrets', 'security_opt', 'shm_size',
  'stdin_open', 'sysctls', 'tty', 'ulimits', 'userns_mode', 'cpus', 'extends', 'develop', 'external_links',
]);

export function newServiceSpec(name: string): ServiceSpec {
  return {
    name, image: '', environment: {}, ports: [], expose: [], mounts: [], labels: {}, dependsOn: {},
    extraHosts: [], hostNumber: 0,
  };
}

export function parseService(parent: At, name: string, keyLoc: Loc, node: YNode, ctx: ServiceContext): ParsedService {
  const where: At = { ...at(parent, name), service: name };
  const spec = newServiceSpec(name);
  const parsed: ParsedService = { spec, keyLoc, field: where.field, dependsOn: [], volumeReferences: [] };
  const map = asMap(where, node);
  if (!map) return parsed;

  let envFromFiles: Record<string, string> = {};
  let environment: Record<string, string> = {};
  const tmpfsMounts: ServiceSpec['mounts'] = [];

  for (const e of map.entries) {
    const keyAt = at(where, e.key);
    const v = e.value;
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
        break;
      case 'expose':
        spec.expose = parseExpose(keyAt, v);
        break;
      case 'volumes': {
        const { mounts, references } = parseServiceVolumes(keyAt, v);
        spec.mounts.push(...mounts);
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
        parsed.ipv4Address = parseServiceNetworks(keyAt, v);
        break;
      case 'container_name':
        report(keyAt, e.keyLoc, 'container_name is not supported: Branchyard names containers itself, so that stacks can be cloned');
        break;
      case 'x-preset': {
        parsed.presetLoc = v.loc;
        const preset = asString(keyAt, v, `a preset name (${PRESET_NAMES.join(', ')})`);
        if (preset !== undefined && isPresetName(preset)) parsed.preset = preset;
        else if (preset !== undefined) {
          report(keyAt, v.loc, `unknown preset ${quote(preset)} (valid presets: ${PRESET_NAMES.join(', ')})`);
        }
        break;
      }
      case 'x-ip': {
        const n = asInt(keyAt, v, 'a host number like 10 (the last part of the address in a /24)');
        if (n !== undefined) parsed.xIp = { value: n, loc: v.loc, field: keyAt.field };
        break;
      }
      case 'x-s2i': {
        spec.s2i = parseS2i(keyAt, v, ctx.vars);
        break;
      }
      default:
        if (e.key.startsWith('x-')) break; // extension fields are for the user's own tooling
        report(keyAt, e.keyLoc, UNSUPPORTED_COMPOSE_KEYS.has(e.key)
          ? `key ${quote(e.key)} in service '${name}' is not supported by Branchyard`
          : `unknown key ${quote(e.key)} in service '${name}'`);
    }
  }
  spec.mounts.push(...tmpfsMounts);
  // environment wins over env_file, as in compose.
  spec.environment = { ...envFromFiles, ...environment };
  // Optional fields are absent, not present-and-undefined, so equal files give equal JSON.
  for (const key of Object.keys(spec) as Array<keyof ServiceSpec>) if (spec[key] === undefined) delete spec[key];
  return parsed;
}

/** Interpolation errors of env_file values, said without the value. */
const ENV_FILE_FAILURES: Record<InterpolationFailure, string> = {
  syntax: 'invalid interpolation in the value (a lone $ or an unclosed ${...}; write $$ for a literal $)',
  required: 'the value needs a variable that is not set (${VAR:?...} or ${VAR?...})',
};

/** env_file entries: `path`, or `{ path, required }`; later files win over earlier ones. */
function readEnvFiles(where: At, node: YNode, ctx: ServiceContext): Record<string, string> {
  const items = node.kind === 'seq' ? node.items.map((item, i) => ({ item, itemAt: at(where, i) })) : [{ item: node, itemAt: where }];
  const out: Record<string, string> = {};
  for (const { item, itemAt } of items) {
    let path: string | undefined;
    let required = true;
    if (item.kind === 'map') {
      for (const e of item.entries) {
        if (e.key === 'path') path = asNonEmptyString(at(itemAt, 'path'), e.value, 'a file path');
        else if (e.key === 'required') required = !(e.value.kind === 'scalar' && e.value.value === false);
        else if (e.key !== 'format') report(at(itemAt, e.key), e.keyLoc, `unknown key ${quote(e.key)} in env_file of service '${where.service}'`);
      }
      if (path === undefined) report(itemAt, item.loc, 'an env_file entry needs a path');
    } else {
      path = asNonEmptyString(itemAt, item, 'a file path or a list of them');
    }
    if (path === undefined) continue;
    const shown = `env_file ${quote(path)}`;
    const read = ctx.readFile?.(path) ?? { missing: true };
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
