// Readers for single service keys whose values have some structure: build, command/entrypoint,
// healthcheck, depends_on, restart, stop_grace_period and extra_hosts.

import type { DependencyCondition, DockerBuildSpec, HealthcheckSpec } from './model.ts';
import { splitShellWords } from './shellwords.ts';
import { BUILD_KEYS, DEPENDS_ON_KEYS, HEALTHCHECK_KEYS, readKeys } from './composeKeys.ts';
import {
  asBool, asInt, asKeyValues, asMap, asNonEmptyString, asSeq, asString, at, expected, isNull, report, type At,
} from './nodeReaders.ts';
import type { Variables } from './interpolate.ts';
import { imageReferenceProblem } from './imageReference.ts';
import { parseUlimits } from './parseRuntime.ts';
import { asByteSize, asFlag, parseDurationNs } from './units.ts';
import { rebasePath } from './parseVolumes.ts';
import type { Loc, YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** `KEY` without a value takes it from the variables; dropped when unset (compose semantics). */
export function resolveFromVars(values: Record<string, string | undefined>, vars: Variables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const value = v ?? vars[k];
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** A build context written in an included or extended file is relative to that file's folder. */
function buildContext(context: string, loc: Loc): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') ? context : rebasePath(context, loc);
}

export function parseBuild(where: At, node: YNode, vars: Variables): DockerBuildSpec | undefined {
  if (node.kind === 'scalar') {
    const context = asNonEmptyString(where, node, 'a build context path or a mapping');
    return context === undefined ? undefined : { context: buildContext(context, node.loc), args: {} };
  }
  const map = asMap(where, node, 'a build context path or a mapping');
  if (!map) return undefined;
  const spec: DockerBuildSpec = { context: buildContext('.', map.loc), args: {} };
  const owner = `build of service '${where.service}'`;
  for (const e of readKeys(where, map, BUILD_KEYS, owner)) readBuildKey(at(where, e.key), e.key, e.value, spec, vars);
  const inline = map.entries.find((e) => e.key === 'dockerfile_inline');
  if (inline && map.entries.some((e) => e.key === 'dockerfile')) {
    report(at(where, 'dockerfile_inline'), inline.keyLoc, `${owner}: dockerfile and dockerfile_inline are mutually exclusive`);
  }
  for (const key of Object.keys(spec) as Array<keyof DockerBuildSpec>) if (spec[key] === undefined) delete spec[key];
  return spec;
}

function readBuildKey(where: At, key: string, v: YNode, spec: DockerBuildSpec, vars: Variables): void {
  const list = () => (asSeq(where, v)?.items ?? []).map((item, i) => asNonEmptyString(at(where, i), item)).filter((x): x is string => x !== undefined);
  switch (key) {
    case 'args':
      spec.args = resolveFromVars(asKeyValues(where, v), vars);
      break;
    case 'labels':
      spec.labels = Object.fromEntries(Object.entries(asKeyValues(where, v)).map(([k, x]) => [k, x ?? '']));
      break;
    case 'cache_from':
      spec.cacheFrom = list();
      break;
    case 'tags':
      spec.tags = list();
      for (const [i, tag] of spec.tags.entries()) {
        const problem = imageReferenceProblem(tag);
        if (problem) report(at(where, i), (v as { items: YNode[] }).items[i].loc, problem);
      }
      break;
    case 'platforms': {
      const platforms = list();
      if (platforms.length > 1) report(where, v.loc, 'several platforms are not supported by Branchyard: a build makes the image of one platform, to run it here');
      else spec.platform = platforms[0];
      break;
    }
    case 'extra_hosts':
      spec.extraHosts = parseExtraHosts(where, v);
      break;
    case 'shm_size':
      spec.shmSizeBytes = asByteSize(where, v);
      break;
    case 'no_cache':
      spec.noCache = asFlag(where, v);
      break;
    case 'pull':
      spec.pull = asFlag(where, v);
      break;
    case 'ulimits':
      spec.ulimits = parseUlimits(where, v);
      break;
    default: {
      const text = key === 'dockerfile_inline' ? asString(where, v, 'the Dockerfile') : asNonEmptyString(where, v);
      if (text === undefined) return;
      if (key === 'context') spec.context = buildContext(text, v.loc);
      if (key === 'dockerfile') spec.dockerfile = text;
      if (key === 'dockerfile_inline') spec.dockerfileInline = text;
      if (key === 'target') spec.target = text;
      if (key === 'network') spec.network = text;
      if (key === 'isolation') spec.isolation = text;
    }
  }
}

/** `command:` / `entrypoint:`: a string split like a shell would, or a list of arguments. */
export function parseArgv(where: At, node: YNode): string[] | undefined {
  if (isNull(node)) return undefined;
  if (node.kind === 'scalar') {
    const text = asString(where, node, 'a string or a list of strings');
    if (text === undefined) return undefined;
    const split = splitShellWords(text);
    if ('error' in split) return void report(where, node.loc, split.error);
    return split.args;
  }
  const list = asSeq(where, node, 'a string or a list of strings');
  if (!list) return undefined;
  const args: string[] = [];
  list.items.forEach((item, i) => {
    const s = asString(at(where, i), item, 'a string', true);
    if (s !== undefined) args.push(s);
  });
  return args;
}


const HEALTH_TEST_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];
const HEALTH_DURATIONS: Record<string, 'intervalNs' | 'timeoutNs' | 'startPeriodNs' | 'startIntervalNs'> = {
  interval: 'intervalNs',
  timeout: 'timeoutNs',
  start_period: 'startPeriodNs',
  start_interval: 'startIntervalNs',
};

export function parseHealthcheck(where: At, node: YNode): HealthcheckSpec | undefined {
  const map = asMap(where, node);
  if (!map) return undefined;
  // An empty test means: keep the image's own test, with these timings.
  const spec: HealthcheckSpec = { test: [] };
  for (const e of readKeys(where, map, HEALTHCHECK_KEYS, `healthcheck of service '${where.service}'`)) {
    const keyAt = at(where, e.key);
    if (e.key === 'test') spec.test = parseHealthTest(keyAt, e.value) ?? [];
    else if (e.key === 'retries') spec.retries = asInt(keyAt, e.value, 'a whole number of retries', 0);
    else if (e.key === 'disable') {
      if (asBool(keyAt, e.value)) return { test: ['NONE'] };
    } else {
      const ns = parseDurationNs(keyAt, e.value);
      if (ns !== undefined) spec[HEALTH_DURATIONS[e.key]] = ns;
    }
  }
  return spec;
}

function parseHealthTest(where: At, node: YNode): string[] | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    return node.value === '' ? undefined : ['CMD-SHELL', node.value];
  }
  const list = asSeq(where, node, 'a command string or a list like ["CMD", "pg_isready"]');
  if (!list) return undefined;
  const test = list.items.map((item, i) => asString(at(where, i), item) ?? '');
  if (!HEALTH_TEST_KINDS.includes(test[0])) {
    report(where, list.loc, `a healthcheck test list must start with CMD, CMD-SHELL or NONE, got ${quote(test[0] ?? '', '"')}`);
    return undefined;
  }
  if (test[0] !== 'NONE' && test.length < 2) {
    report(where, list.loc, `${test[0]} needs a command after it`);
    return undefined;
  }
  return test;
}

export interface DependencyRef {
  name: string;
  condition: DependencyCondition;
  /** `required: false`: a missing service is only a warning. */
  required: boolean;
  loc: Loc;
  field: string;
}

const CONDITIONS: DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

export function parseDependsOn(where: At, node: YNode): DependencyRef[] {
  const out: DependencyRef[] = [];
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const name = asNonEmptyString(at(where, i), item, 'a service name');
      if (name !== undefined) out.push({ name, condition: 'service_started', required: true, loc: item.loc, field: at(where, i).field });
    });
    return out;
  }
  const map = asMap(where, node, 'a list of service names or a mapping');
  if (!map) return out;
  for (const entry of map.entries) {
    const depAt = at(where, entry.key);
    const dep: DependencyRef = { name: entry.key, condition: 'service_started', required: true, loc: entry.keyLoc, field: depAt.field };
    out.push(dep);
    if (isNull(entry.value)) continue;
    const body = asMap(depAt, entry.value, 'a mapping like { condition: service_healthy }');
    if (!body) continue;
    for (const e of readKeys(depAt, body, DEPENDS_ON_KEYS, `depends_on of service '${where.service}'`)) {
      const keyAt = at(depAt, e.key);
      if (e.key === 'condition') {
        const c = asString(keyAt, e.value);
        if (c !== undefined && (CONDITIONS as string[]).includes(c)) dep.condition = c as DependencyCondition;
        else if (c !== undefined) expected(keyAt, e.value, 'service_started, service_healthy or service_completed_successfully');
      } else if (e.key === 'required') dep.required = asBool(keyAt, e.value) ?? true;
      else asBool(keyAt, e.value); // restart: accepted, the engine does not restart dependants
    }
  }
  return out;
}

export function parseRestart(where: At, node: YNode): string | undefined {
  const text = asString(where, node, 'no, always, on-failure, on-failure:N or unless-stopped');
  if (text === undefined) return undefined;
  // An empty policy is no policy, as compose reads it.
  if (text === '') return 'no';
  if (/^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(text)) return text;
  return expected(where, node, 'no, always, on-failure, on-failure:N or unless-stopped');
}

/** Seconds, rounded up: Docker's StopTimeout is whole seconds and a shorter grace is a surprise. */
export function parseGracePeriodS(where: At, node: YNode): number | undefined {
  const ns = parseDurationNs(where, node);
  return ns === undefined ? undefined : Math.ceil(ns / 1e9);
}

/** `["db:10.0.0.2", "api=10.0.0.3"]` or `{ db: 10.0.0.2 }` as `host:ip`. */
export function parseExtraHosts(where: At, node: YNode): string[] {
  const out: string[] = [];
  const add = (itemAt: At, item: YNode, host: string, ip: string | undefined) => {
    if (!host || !ip) return void expected(itemAt, item, 'a host and an address like "db:10.0.0.2"');
    out.push(`${host}:${ip}`);
  };
  if (node.kind === 'map') {
    for (const e of node.entries) {
      // A host may have several addresses: `host: [10.0.0.1, 10.0.0.2]`.
      const values = e.value.kind === 'seq' ? e.value.items.map((item, i) => ({ item, itemAt: at(at(where, e.key), i) })) : [{ item: e.value, itemAt: at(where, e.key) }];
      for (const { item, itemAt } of values) add(itemAt, item, e.key, asString(itemAt, item, 'an IP address'));
    }
    return out;
  }
  const list = asSeq(where, node, 'a list like ["db:10.0.0.2"] or a mapping');
  list?.items.forEach((item, i) => {
    const text = asString(at(where, i), item, 'a host and an address like "db:10.0.0.2"');
    if (text === undefined) return;
    // host=ip is the newer form; host:ip splits at the first colon so IPv6 addresses survive.
    const sep = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
    add(at(where, i), item, sep < 0 ? '' : text.slice(0, sep), sep < 0 ? undefined : text.slice(sep + 1));
  });
  return out;
}
