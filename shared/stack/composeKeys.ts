// Every key of the compose specification, level by level, and what Branchyard does with it:
// reads it (supported), accepts it and leaves it without effect (ignored, with why), or refuses
// it with the reason. A key that is in none of these is unknown. The parser reads a mapping
// through readKeys, so a key of the specification is never called "unknown", and x- keys are
// allowed (and ignored) at every level the specification allows them. docs/stack-file.md lists
// the same table (test/unit/composeKeys.test.ts keeps the two in step).

import { report, at, type At } from './nodeReaders.ts';
import type { YEntry, YMap } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

export interface KeySet {
  /** Keys read by the parser. */
  supported: readonly string[];
  /** Keys accepted without effect: key -> why. */
  ignored?: Readonly<Record<string, string>>;
  /** Keys refused: key -> why ("not supported by Branchyard: <why>"). */
  refused?: Readonly<Record<string, string>>;
  /** Keys refused for now: key -> what is missing ("not supported by Branchyard yet: <why>"). */
  later?: Readonly<Record<string, string>>;
  /** x- keys allowed here (true unless the specification says otherwise). */
  extensions?: boolean;
}

const SWARM = 'it only applies to swarm services; docker compose ignores it too';

export const TOP_LEVEL_KEYS: KeySet = {
  supported: ['name', 'services', 'volumes', 'networks', 'include', 'secrets', 'configs'],
  ignored: { version: 'obsolete: compose ignores it too' },
  refused: { models: 'AI models need Docker Model Runner, which Branchyard does not drive' },
};

export const SERVICE_KEYS: KeySet = {
  supported: [
    'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'label_file', 'working_dir', 'user',
    'hostname', 'domainname', 'ports', 'expose', 'volumes', 'volumes_from', 'tmpfs', 'labels', 'annotations',
    'healthcheck', 'depends_on', 'restart', 'stop_signal', 'stop_grace_period', 'extra_hosts', 'networks',
    'network_mode', 'links', 'container_name', 'extends', 'profiles', 'pull_policy', 'platform', 'deploy',
    'init', 'privileged', 'read_only', 'stdin_open', 'tty', 'cap_add', 'cap_drop', 'security_opt', 'sysctls',
    'ulimits', 'devices', 'device_cgroup_rules', 'gpus', 'dns', 'dns_opt', 'dns_search', 'shm_size', 'ipc',
    'pid', 'uts', 'userns_mode', 'cgroup', 'cgroup_parent', 'group_add', 'runtime', 'isolation', 'mac_address',
    'oom_kill_disable', 'oom_score_adj', 'storage_opt', 'logging', 'mem_limit', 'mem_reservation',
    'mem_swappiness', 'memswap_limit', 'cpus', 'cpu_shares', 'cpu_quota', 'cpu_period', 'cpu_rt_period',
    'cpu_rt_runtime', 'cpuset', 'cpu_count', 'cpu_percent', 'pids_limit', 'blkio_config', 'scale',
    'secrets', 'configs', 'post_start', 'pre_stop',
  ],
  ignored: {
    attach: 'it only chooses whose logs `docker compose up` prints',
    develop: 'it configures `docker compose watch`, which Branchyard does not run',
    pull_refresh_after: 'Branchyard pulls an image only when it is missing or pull_policy is always',
  },
  refused: {
    credential_spec: 'it configures Windows containers (gMSA) only',
    external_links:
      "it links containers outside the stack, and every branch's stack must stand on its own: put the service in the file, or reach it by address",
    models: 'AI models need Docker Model Runner, which Branchyard does not drive',
    provider: 'a provider service is run by an external tool, not as a container',
    use_api_socket: "it hands the container the engine's socket and credentials; bind /var/run/docker.sock under volumes: if that is meant",
  },
};

export const HOOK_KEYS: KeySet = { supported: ['command', 'user', 'privileged', 'working_dir', 'environment'] };

const BUILDKIT = 'it needs BuildKit, and Branchyard builds with the engine\'s classic builder';
export const BUILD_KEYS: KeySet = {
  supported: [
    'context', 'dockerfile', 'dockerfile_inline', 'args', 'target', 'labels', 'cache_from', 'shm_size', 'extra_hosts',
    'network', 'no_cache', 'pull', 'tags', 'platforms', 'ulimits', 'isolation',
  ],
  later: Object.fromEntries(['additional_contexts', 'cache_to', 'secrets', 'ssh', 'entitlements', 'privileged'].map((k) => [k, BUILDKIT])),
};

export const HEALTHCHECK_KEYS: KeySet = {
  supported: ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'],
};

export const DEPLOY_KEYS: KeySet = {
  supported: ['resources', 'restart_policy', 'replicas', 'mode'],
  ignored: { endpoint_mode: SWARM, labels: SWARM, placement: SWARM, update_config: SWARM, rollback_config: SWARM },
};

export const RESOURCES_KEYS: KeySet = { supported: ['limits', 'reservations'] };
export const LIMITS_KEYS: KeySet = { supported: ['cpus', 'memory', 'pids'] };
export const RESERVATIONS_KEYS: KeySet = {
  supported: ['memory', 'devices'],
  ignored: { cpus: 'a CPU reservation is a swarm setting; docker compose ignores it too' },
  refused: { generic_resources: 'generic resources are scheduled by swarm' },
};
export const RESTART_POLICY_KEYS: KeySet = {
  supported: ['condition', 'max_attempts'],
  ignored: {
    delay: 'the engine restarts with its own growing delay; docker compose ignores it too',
    window: 'the engine has no restart window; docker compose ignores it too',
  },
};
export const DEVICE_REQUEST_KEYS: KeySet = { supported: ['capabilities', 'count', 'device_ids', 'driver', 'options'] };
export const DEVICE_KEYS: KeySet = { supported: ['source', 'target', 'permissions'] };
export const LOGGING_KEYS: KeySet = { supported: ['driver', 'options'] };
export const ULIMIT_KEYS: KeySet = { supported: ['soft', 'hard'] };
export const BLKIO_KEYS: KeySet = {
  supported: ['weight', 'weight_device', 'device_read_bps', 'device_read_iops', 'device_write_bps', 'device_write_iops'],
  extensions: false,
};
export const BLKIO_LIMIT_KEYS: KeySet = { supported: ['path', 'rate'], extensions: false };
export const BLKIO_WEIGHT_KEYS: KeySet = { supported: ['path', 'weight'], extensions: false };
export const EXTENDS_KEYS: KeySet = { supported: ['service', 'file'], extensions: false };
export const INCLUDE_KEYS: KeySet = { supported: ['path', 'env_file', 'project_directory'], extensions: false };
export const ENV_FILE_KEYS: KeySet = { supported: ['path', 'required', 'format'], extensions: false };
export const DEPENDS_ON_KEYS: KeySet = { supported: ['condition', 'restart', 'required'] };

export const PORT_KEYS: KeySet = {
  supported: ['target', 'published', 'host_ip', 'protocol'],
  ignored: {
    mode: 'ports are always published on the host (mode host); ingress is a swarm mode',
    name: 'a name for people; the engine has no such field',
    app_protocol: 'a hint for people and tools; the engine has no such field',
  },
};

export const SERVICE_VOLUME_KEYS: KeySet = {
  supported: ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'image'],
  ignored: { consistency: 'only Docker Desktop on macOS used it' },
};
export const BIND_KEYS: KeySet = {
  supported: ['propagation', 'create_host_path', 'selinux'],
  later: { recursive: 'recursive bind options need a newer engine API than Branchyard uses' },
};
export const VOLUME_OPTION_KEYS: KeySet = {
  supported: ['nocopy', 'subpath'],
  ignored: { labels: 'labels of an anonymous volume; Branchyard labels the volumes it makes itself' },
};
export const IMAGE_OPTION_KEYS: KeySet = { supported: ['subpath'] };
export const TMPFS_KEYS: KeySet = { supported: ['size', 'mode'] };

export const TOP_VOLUME_KEYS: KeySet = { supported: ['name', 'driver', 'driver_opts', 'external', 'labels'] };
export const EXTERNAL_KEYS: KeySet = { supported: ['name'] };

export const TOP_NETWORK_KEYS: KeySet = {
  supported: ['driver', 'driver_opts', 'ipam', 'internal', 'labels', 'name', 'external', 'enable_ipv4', 'enable_ipv6'],
  ignored: { attachable: SWARM },
};
export const IPAM_KEYS: KeySet = {
  supported: ['driver', 'config'],
  ignored: { options: 'options of an IPAM driver; Branchyard uses the default one' },
};
export const IPAM_CONFIG_KEYS: KeySet = {
  supported: ['subnet', 'gateway', 'ip_range'],
  ignored: { aux_addresses: 'every container has a fixed address already; addresses to leave out are simply not given' },
};
export const SERVICE_NETWORK_KEYS: KeySet = {
  supported: ['aliases', 'ipv4_address', 'mac_address', 'driver_opts'],
  ignored: {
    priority: 'Branchyard connects a service to its networks in the order the file lists them',
    gw_priority: 'which network gives the default route is left to the engine (setting it needs Docker API 1.48)',
  },
  later: {
    ipv6_address: 'IPv6 addresses are not given',
    link_local_ips: 'link-local addresses are not given',
    interface_name: 'interface names need a newer engine API than Branchyard uses',
  },
};

export const TOP_SECRET_KEYS: KeySet = {
  supported: ['file', 'environment', 'external', 'name', 'content'],
  ignored: { labels: SWARM, driver: SWARM, driver_opts: SWARM, template_driver: SWARM },
};
export const TOP_CONFIG_KEYS: KeySet = TOP_SECRET_KEYS;
export const SERVICE_SECRET_KEYS: KeySet = { supported: ['source', 'target', 'uid', 'gid', 'mode'] };

/**
 * The entries of `map` whose keys this level supports, in file order. Ignored and x- keys are
 * dropped silently; refused keys are reported with their reason, unknown keys as unknown.
 */
export function readKeys(where: At, map: YMap, keys: KeySet, owner: string): YEntry[] {
  const out: YEntry[] = [];
  for (const e of map.entries) {
    if (keys.supported.includes(e.key)) out.push(e);
    else if (keys.ignored && Object.hasOwn(keys.ignored, e.key)) continue;
    else if (e.key.startsWith('x-') && keys.extensions !== false) continue;
    else report(at(where, e.key), e.keyLoc, refusal(e.key, keys, owner));
  }
  return out;
}

/** The message for a key this level does not read. */
export function refusal(key: string, keys: KeySet, owner: string): string {
  if (keys.refused && Object.hasOwn(keys.refused, key)) {
    return `${quote(key)} in ${owner} is not supported by Branchyard: ${keys.refused[key]}`;
  }
  if (keys.later && Object.hasOwn(keys.later, key)) {
    return `${quote(key)} in ${owner} is not supported by Branchyard yet: ${keys.later[key]}`;
  }
  return `unknown key ${quote(key)} in ${owner}`;
}
