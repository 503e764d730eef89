// `deploy:` of a service as a single engine runs it (what docker compose applies outside swarm):
// resource limits and reservations, the restart policy, and one replica. Swarm-only keys
// (placement, update_config, ...) are accepted and have no effect, as in compose.

import {
  DEPLOY_KEYS, LIMITS_KEYS, RESERVATIONS_KEYS, RESOURCES_KEYS, RESTART_POLICY_KEYS, readKeys,
} from './composeKeys.ts';
import type { ResourcesSpec } from './model.ts';
import { asInt, asMap, asSeq, asString, at, expected, isNull, report, type At } from './nodeReaders.ts';
import { readDeviceRequest } from './parseRuntime.ts';
import { asByteSize, asNanoCpus } from './units.ts';
import type { YNode } from './yamlNodes.ts';

const ONE_CONTAINER =
  'each service runs one container with its fixed IP; copy the service under another name for a second one';

/** The one-replica rule for `scale:` and `deploy.replicas`. */
export function checkReplicas(where: At, node: YNode, key: 'scale' | 'replicas'): void {
  const n = asInt(where, node, 'a number of containers', 0);
  if (n === undefined || n === 1) return;
  if (n === 0) report(where, node.loc, `${key} 0 is not supported by Branchyard: it leaves the service out; remove the service, or give it a profile`);
  else report(where, node.loc, `${key} ${n} is not supported by Branchyard: ${ONE_CONTAINER}`);
}

/** Reads `deploy:` into `resources`; returns the restart policy it sets, if any (it wins over `restart:`). */
export function parseDeploy(where: At, node: YNode, resources: ResourcesSpec): string | undefined {
  if (isNull(node)) return undefined;
  const map = asMap(where, node);
  if (!map) return undefined;
  const owner = (what: string) => `${what} of service '${where.service}'`;
  let restart: string | undefined;
  for (const e of readKeys(where, map, DEPLOY_KEYS, owner('deploy'))) {
    const keyAt = at(where, e.key);
    if (e.key === 'replicas') checkReplicas(keyAt, e.value, 'replicas');
    else if (e.key === 'mode') {
      const mode = asString(keyAt, e.value, 'replicated or global');
      // On one engine, global (one per node) is one container too.
      if (mode !== undefined && mode !== 'replicated' && mode !== 'global') expected(keyAt, e.value, 'replicated or global');
    } else if (e.key === 'restart_policy') restart = parseRestartPolicy(keyAt, e.value, owner('deploy.restart_policy'));
    else parseResources(keyAt, e.value, resources, owner);
  }
  return restart;
}

function parseResources(where: At, node: YNode, resources: ResourcesSpec, owner: (what: string) => string): void {
  const map = asMap(where, node);
  if (!map) return;
  for (const e of readKeys(where, map, RESOURCES_KEYS, owner('deploy.resources'))) {
    const keyAt = at(where, e.key);
    if (isNull(e.value)) continue;
    const body = asMap(keyAt, e.value);
    if (!body) continue;
    if (e.key === 'limits') {
      for (const l of readKeys(keyAt, body, LIMITS_KEYS, owner('deploy.resources.limits'))) {
        const lAt = at(keyAt, l.key);
        // deploy.resources wins over the legacy keys (mem_limit, cpus), as in compose.
        if (l.key === 'cpus') set(resources, 'nanoCpus', asNanoCpus(lAt, l.value));
        if (l.key === 'memory') set(resources, 'memoryBytes', asByteSize(lAt, l.value));
        if (l.key === 'pids') set(resources, 'pidsLimit', asInt(lAt, l.value, 'a number of processes', 1));
      }
      continue;
    }
    for (const r of readKeys(keyAt, body, RESERVATIONS_KEYS, owner('deploy.resources.reservations'))) {
      const rAt = at(keyAt, r.key);
      if (r.key === 'memory') set(resources, 'memoryReservationBytes', asByteSize(rAt, r.value));
      else {
        asSeq(rAt, r.value)?.items.forEach((item, i) => {
          const req = readDeviceRequest(at(rAt, i), item, true);
          if (req) (resources.deviceRequests ??= []).push(req);
        });
      }
    }
  }
}

function set<K extends keyof ResourcesSpec>(resources: ResourcesSpec, key: K, value: ResourcesSpec[K] | undefined): void {
  if (value !== undefined) resources[key] = value;
}

const CONDITIONS: Record<string, string> = {
  none: 'no',
  no: 'no',
  'on-failure': 'on-failure',
  any: 'always',
  always: 'always',
  'unless-stopped': 'unless-stopped',
};

/** `restart_policy: { condition, max_attempts }` as a Docker restart policy (`on-failure:3`). */
function parseRestartPolicy(where: At, node: YNode, owner: string): string | undefined {
  const map = asMap(where, node);
  if (!map) return undefined;
  let condition = 'always'; // the specification's default: any
  let attempts: number | undefined;
  for (const e of readKeys(where, map, RESTART_POLICY_KEYS, owner)) {
    const keyAt = at(where, e.key);
    if (e.key === 'max_attempts') attempts = asInt(keyAt, e.value, 'a number of attempts', 0);
    else {
      const c = asString(keyAt, e.value, 'none, on-failure or any');
      if (c !== undefined && Object.hasOwn(CONDITIONS, c)) condition = CONDITIONS[c];
      else if (c !== undefined) expected(keyAt, e.value, 'none, on-failure or any');
    }
  }
  return condition === 'on-failure' && attempts ? `on-failure:${attempts}` : condition;
}
