// Service keys that say how the container runs and map straight onto the engine's create options:
// init, capabilities, sysctls, ulimits, devices, DNS, namespaces, logging, and the CPU and memory
// limits of the legacy keys (mem_limit, cpus, ...) and of deploy.resources.

import type { DeviceRequestSpec, DeviceSpec, ResourcesSpec, RuntimeSpec } from './model.ts';
import {
  BLKIO_KEYS, BLKIO_LIMIT_KEYS, BLKIO_WEIGHT_KEYS, DEVICE_KEYS, DEVICE_REQUEST_KEYS, LOGGING_KEYS, ULIMIT_KEYS, readKeys,
} from './composeKeys.ts';
import {
  asInt, asKeyValues, asMap, asNonEmptyString, asSeq, asString, asStringOrList, at, expected, isNull, report, type At,
} from './nodeReaders.ts';
import { asByteSize, asFlag, asNanoCpus, asSignedInt, parseDurationNs } from './units.ts';
import type { YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

/** The service a `service:NAME` mode points at, to check it exists: with where it was written. */
export interface ServiceModeRef {
  service: string;
  key: string;
  loc: YNode['loc'];
  field: string;
}

export interface RuntimeContext {
  runtime: RuntimeSpec;
  resources: ResourcesSpec;
  refs: ServiceModeRef[];
}

type Reader = (where: At, node: YNode, c: RuntimeContext) => void;

const flag = (key: 'init' | 'privileged' | 'readOnly' | 'stdinOpen' | 'tty'): Reader => (where, node, c) => {
  const v = asFlag(where, node);
  if (v !== undefined) c.runtime[key] = v;
};

/** A list of strings (cap_add, security_opt, ...); the schema allows no single string here. */
function stringList(where: At, node: YNode, what = 'a list of strings'): string[] | undefined {
  const list = asSeq(where, node, what);
  if (!list) return undefined;
  const out: string[] = [];
  list.items.forEach((item, i) => {
    const s = asNonEmptyString(at(where, i), item);
    if (s !== undefined && !out.includes(s)) out.push(s);
  });
  return out;
}

const list = (key: 'capAdd' | 'capDrop' | 'securityOpt' | 'dnsOpt' | 'deviceCgroupRules' | 'groupAdd'): Reader => (where, node, c) => {
  const v = stringList(where, node);
  if (v) c.runtime[key] = v;
};

/** dns, dns_search: one string or a list of them. */
const stringOrList = (key: 'dns' | 'dnsSearch'): Reader => (where, node, c) => {
  const v = asStringOrList(where, node).map((x) => x.value);
  if (v.length) c.runtime[key] = v;
};

const text = (key: 'domainname' | 'uts' | 'usernsMode' | 'cgroupParent' | 'runtime' | 'isolation' | 'macAddress', what: string): Reader =>
  (where, node, c) => {
    const v = asNonEmptyString(where, node, what);
    if (v !== undefined) c.runtime[key] = v;
  };

/** A mapping or list of KEY=value whose every key needs a value (sysctls, storage_opt, annotations). */
function keyValues(where: At, node: YNode, what: string): Record<string, string> | undefined {
  const values = asKeyValues(where, node);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) report(at(where, k), node.loc, `${quote(k)} needs a value (${what})`);
    else out[k] = v;
  }
  return out;
}

const resource = (key: keyof Omit<ResourcesSpec, 'blkioWeightDevice' | 'blkioDeviceReadBps' | 'blkioDeviceWriteBps' | 'blkioDeviceReadIOps' | 'blkioDeviceWriteIOps' | 'deviceRequests' | 'cpusetCpus' | 'oomKillDisable'>, read: (where: At, node: YNode) => number | undefined): Reader =>
  (where, node, c) => {
    const v = read(where, node);
    if (v !== undefined) c.resources[key] = v;
  };

const bytes = (where: At, node: YNode) => asByteSize(where, node);
const bytesOrUnlimited = (where: At, node: YNode) => asByteSize(where, node, 'a size like 512m or 1g, or -1 for unlimited', true);
const whole = (what: string, min = 0, max = Infinity) => (where: At, node: YNode) => asSignedInt(where, node, what, min, max);

/** cpu_rt_period / cpu_rt_runtime: microseconds, or a duration like 400ms. */
function microseconds(where: At, node: YNode): number | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'number' || /^\d+$/.test(String(node.value ?? '')))) return asInt(where, node, 'microseconds', 0);
  const ns = parseDurationNs(where, node);
  return ns === undefined ? undefined : Math.round(ns / 1000);
}

/** `ipc` / `pid`: a mode, or `service:NAME` of a service in the file; `container:` is outside the stack. */
function namespaceMode(key: 'ipc' | 'pid', modes: readonly string[]): Reader {
  return (where, node, c) => {
    if (key === 'pid' && isNull(node)) return;
    const v = asNonEmptyString(where, node, `${modes.join(', ')} or service:NAME`);
    if (v === undefined) return;
    if (v.startsWith('service:')) {
      const service = v.slice('service:'.length);
      c.refs.push({ service, key, loc: node.loc, field: where.field });
      c.runtime[key] = v;
    } else if (v.startsWith('container:')) {
      report(where, node.loc, `${key} ${quote(v)} is not supported by Branchyard: it joins a container outside the stack; use service:NAME for a service of the file`);
    } else if (modes.includes(v)) c.runtime[key] = v;
    else expected(where, node, `${modes.join(', ')} or service:NAME`);
  };
}

/** `ulimits:` (of a service or a build): `nofile: 1024` or `nofile: { soft, hard }`. */
export function parseUlimits(where: At, node: YNode): Record<string, { soft: number; hard: number }> | undefined {
  const map = asMap(where, node, 'a mapping like { nofile: { soft: 1024, hard: 2048 } }');
  if (!map) return undefined;
  const out: Record<string, { soft: number; hard: number }> = {};
  for (const e of map.entries) {
    const limitAt = at(where, e.key);
    if (!/^[a-z]+$/.test(e.key)) {
      report(limitAt, e.keyLoc, `${quote(e.key)} is not a ulimit name (lowercase letters, like nofile or nproc)`);
      continue;
    }
    if (e.value.kind !== 'map') {
      const n = asSignedInt(limitAt, e.value, 'a number, or { soft, hard }', -1);
      if (n !== undefined) out[e.key] = { soft: n, hard: n };
      continue;
    }
    const entries = readKeys(limitAt, e.value, ULIMIT_KEYS, `ulimit ${quote(e.key)}`);
    const get = (k: string) => entries.find((x) => x.key === k);
    const soft = get('soft');
    const hard = get('hard');
    if (!soft || !hard) {
      report(limitAt, e.value.loc, `ulimit ${quote(e.key)} needs both soft and hard`);
      continue;
    }
    const s = asSignedInt(at(limitAt, 'soft'), soft.value, 'a number', -1);
    const h = asSignedInt(at(limitAt, 'hard'), hard.value, 'a number', -1);
    if (s !== undefined && h !== undefined) out[e.key] = { soft: s, hard: h };
  }
  return out;
}

/** `/dev/ttyUSB0`, `/dev/ttyUSB0:/dev/ttyACM0`, `/dev/snd:/dev/snd:rwm`, or the long form. */
function readDevices(where: At, node: YNode, c: RuntimeContext): void {
  const list = asSeq(where, node);
  if (!list) return;
  const out: DeviceSpec[] = [];
  list.items.forEach((item, i) => {
    const itemAt = at(where, i);
    if (item.kind === 'map') {
      const entries = readKeys(itemAt, item, DEVICE_KEYS, `a device of service '${where.service}'`);
      const get = (k: string) => entries.find((x) => x.key === k);
      const source = get('source') ? asNonEmptyString(at(itemAt, 'source'), get('source')!.value, 'a device path') : undefined;
      if (!source) return void (get('source') || report(itemAt, item.loc, 'a device needs a source (the path on the host)'));
      const target = get('target') ? asNonEmptyString(at(itemAt, 'target'), get('target')!.value, 'a path') : undefined;
      const permissions = get('permissions') ? asNonEmptyString(at(itemAt, 'permissions'), get('permissions')!.value, 'cgroup permissions like rwm') : undefined;
      out.push({ source, target: target ?? source, permissions: permissions ?? 'rwm' });
      return;
    }
    const text = asNonEmptyString(itemAt, item, 'a device like /dev/ttyUSB0 or "/dev/ttyUSB0:/dev/ttyACM0:rwm"');
    if (text === undefined) return;
    const [source, target, permissions, ...rest] = text.split(':');
    if (!source.startsWith('/') || rest.length || (target !== undefined && !target.startsWith('/')) || (permissions !== undefined && !/^[rwm]+$/.test(permissions))) {
      return void expected(itemAt, item, 'a device like /dev/ttyUSB0 or "/dev/ttyUSB0:/dev/ttyACM0:rwm"');
    }
    out.push({ source, target: target ?? source, permissions: permissions ?? 'rwm' });
  });
  c.runtime.devices = out;
}

function readLogging(where: At, node: YNode, c: RuntimeContext): void {
  const map = asMap(where, node);
  if (!map) return;
  const logging: NonNullable<RuntimeSpec['logging']> = { options: {} };
  for (const e of readKeys(where, map, LOGGING_KEYS, `logging of service '${where.service}'`)) {
    const keyAt = at(where, e.key);
    if (e.key === 'driver') logging.driver = asNonEmptyString(keyAt, e.value, 'a logging driver like json-file');
    else if (!isNull(e.value)) {
      const options = asMap(keyAt, e.value);
      for (const o of options?.entries ?? []) {
        if (isNull(o.value)) continue;
        const v = asString(at(keyAt, o.key), o.value, 'a string or number');
        if (v !== undefined) logging.options[o.key] = v;
      }
    }
  }
  if (logging.driver === undefined) delete logging.driver;
  c.runtime.logging = logging;
}

/** One device request: `{ driver, count, device_ids, capabilities, options }`. */
export function readDeviceRequest(where: At, node: YNode, needsCapabilities: boolean): DeviceRequestSpec | undefined {
  const map = asMap(where, node, 'a mapping like { driver: nvidia, count: 1, capabilities: [gpu] }');
  if (!map) return undefined;
  const req: DeviceRequestSpec = { capabilities: [] };
  for (const e of readKeys(where, map, DEVICE_REQUEST_KEYS, `a device request of service '${where.service}'`)) {
    const keyAt = at(where, e.key);
    if (e.key === 'driver') req.driver = asNonEmptyString(keyAt, e.value, 'a driver like nvidia');
    else if (e.key === 'count') {
      if (e.value.kind === 'scalar' && e.value.value === 'all') req.count = -1;
      else req.count = asInt(keyAt, e.value, 'a number of devices, or all', 0);
    } else if (e.key === 'device_ids') req.deviceIds = stringList(keyAt, e.value);
    else if (e.key === 'capabilities') req.capabilities = stringList(keyAt, e.value) ?? [];
    else req.options = keyValues(keyAt, e.value, 'an option of the device driver');
  }
  if (needsCapabilities && req.capabilities.length === 0) report(where, map.loc, 'a device reservation needs capabilities, like [gpu]');
  for (const k of Object.keys(req) as Array<keyof DeviceRequestSpec>) if (req[k] === undefined) delete req[k];
  return req;
}

function readGpus(where: At, node: YNode, c: RuntimeContext): void {
  if (node.kind === 'scalar' && node.value === 'all') {
    (c.resources.deviceRequests ??= []).push({ count: -1, capabilities: ['gpu'] });
    return;
  }
  const list = asSeq(where, node, 'all, or a list of device requests');
  list?.items.forEach((item, i) => {
    const req = readDeviceRequest(at(where, i), item, false);
    if (req) (c.resources.deviceRequests ??= []).push({ ...req, capabilities: req.capabilities.length ? req.capabilities : ['gpu'] });
  });
}

function readBlkio(where: At, node: YNode, c: RuntimeContext): void {
  const map = asMap(where, node);
  if (!map) return;
  const r = c.resources;
  const owner = `blkio_config of service '${where.service}'`;
  for (const e of readKeys(where, map, BLKIO_KEYS, owner)) {
    const keyAt = at(where, e.key);
    if (e.key === 'weight') {
      r.blkioWeight = asInt(keyAt, e.value, 'a weight from 10 to 1000', 10, 1000);
      continue;
    }
    const items = asSeq(keyAt, e.value)?.items ?? [];
    const out: Array<{ path: string; rate: number } & { weight?: number }> = [];
    items.forEach((item, i) => {
      const itemAt = at(keyAt, i);
      const m = asMap(itemAt, item, 'a mapping like { path: /dev/sda, rate: 10mb }');
      if (!m) return;
      const isWeight = e.key === 'weight_device';
      const got = readKeys(itemAt, m, isWeight ? BLKIO_WEIGHT_KEYS : BLKIO_LIMIT_KEYS, owner);
      const path = got.find((x) => x.key === 'path');
      const value = got.find((x) => x.key === (isWeight ? 'weight' : 'rate'));
      if (!path || !value) return void report(itemAt, m.loc, `needs path and ${isWeight ? 'weight' : 'rate'}`);
      const p = asNonEmptyString(at(itemAt, 'path'), path.value, 'a device path');
      const vAt = at(itemAt, value.key);
      const v = isWeight
        ? asInt(vAt, value.value, 'a weight from 10 to 1000', 10, 1000)
        : e.key.endsWith('_bps') ? asByteSize(vAt, value.value, 'a rate like 10mb') : asInt(vAt, value.value, 'operations per second', 0);
      if (p !== undefined && v !== undefined) out.push(isWeight ? { path: p, rate: 0, weight: v } : { path: p, rate: v });
    });
    if (e.key === 'weight_device') r.blkioWeightDevice = out.map((x) => ({ path: x.path, weight: x.weight! }));
    if (e.key === 'device_read_bps') r.blkioDeviceReadBps = out;
    if (e.key === 'device_write_bps') r.blkioDeviceWriteBps = out;
    if (e.key === 'device_read_iops') r.blkioDeviceReadIOps = out;
    if (e.key === 'device_write_iops') r.blkioDeviceWriteIOps = out;
  }
}

const READERS: Record<string, Reader> = {
  init: flag('init'),
  privileged: flag('privileged'),
  read_only: flag('readOnly'),
  stdin_open: flag('stdinOpen'),
  tty: flag('tty'),
  cap_add: list('capAdd'),
  cap_drop: list('capDrop'),
  security_opt: list('securityOpt'),
  dns_opt: list('dnsOpt'),
  device_cgroup_rules: list('deviceCgroupRules'),
  group_add: (where, node, c) => {
    const items = asSeq(where, node)?.items ?? [];
    c.runtime.groupAdd = items.map((item, i) => asString(at(where, i), item, 'a group name or id')).filter((g): g is string => !!g);
  },
  dns: stringOrList('dns'),
  dns_search: stringOrList('dnsSearch'),
  domainname: text('domainname', 'a domain name'),
  uts: text('uts', 'host'),
  userns_mode: text('usernsMode', 'host'),
  cgroup_parent: text('cgroupParent', 'a cgroup'),
  runtime: text('runtime', 'a runtime like runc'),
  isolation: text('isolation', 'an isolation technology like default'),
  mac_address: text('macAddress', 'a MAC address'),
  cgroup: (where, node, c) => {
    const v = asString(where, node, 'host or private');
    if (v === 'host' || v === 'private') c.runtime.cgroup = v;
    else if (v !== undefined) expected(where, node, 'host or private');
  },
  ipc: namespaceMode('ipc', ['host', 'private', 'shareable', 'none']),
  pid: namespaceMode('pid', ['host']),
  shm_size: (where, node, c) => {
    const v = asByteSize(where, node);
    if (v !== undefined) c.runtime.shmSizeBytes = v;
  },
  oom_score_adj: (where, node, c) => {
    const v = asSignedInt(where, node, 'a number from -1000 to 1000', -1000, 1000);
    if (v !== undefined) c.runtime.oomScoreAdj = v;
  },
  oom_kill_disable: (where, node, c) => {
    const v = asFlag(where, node);
    if (v !== undefined) c.resources.oomKillDisable = v;
  },
  sysctls: (where, node, c) => {
    const v = keyValues(where, node, 'a kernel parameter');
    if (v) c.runtime.sysctls = v;
  },
  storage_opt: (where, node, c) => {
    const v = keyValues(where, node, 'a storage driver option');
    if (v) c.runtime.storageOpt = v;
  },
  annotations: (where, node, c) => {
    const v = asKeyValues(where, node);
    c.runtime.annotations = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x ?? '']));
  },
  ulimits: (where, node, c) => {
    c.runtime.ulimits = parseUlimits(where, node);
  },
  devices: readDevices,
  logging: readLogging,
  gpus: readGpus,
  blkio_config: readBlkio,
  mem_limit: resource('memoryBytes', bytes),
  mem_reservation: resource('memoryReservationBytes', bytes),
  memswap_limit: resource('memorySwapBytes', bytesOrUnlimited),
  mem_swappiness: resource('memorySwappiness', whole('a percentage from 0 to 100', 0, 100)),
  cpus: resource('nanoCpus', asNanoCpus),
  cpu_shares: resource('cpuShares', whole('a relative weight like 512')),
  cpu_quota: resource('cpuQuota', whole('microseconds per period', -1)),
  cpu_period: resource('cpuPeriod', whole('microseconds')),
  cpu_rt_period: resource('cpuRealtimePeriod', microseconds),
  cpu_rt_runtime: resource('cpuRealtimeRuntime', microseconds),
  cpu_count: resource('cpuCount', whole('a number of CPUs')),
  cpu_percent: resource('cpuPercent', whole('a percentage from 0 to 100', 0, 100)),
  pids_limit: resource('pidsLimit', whole('a number of processes, or -1 for unlimited', -1)),
  cpuset: (where, node, c) => {
    const v = asString(where, node, 'CPUs like 0-3 or 0,1');
    if (v !== undefined && /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(v)) c.resources.cpusetCpus = v;
    else if (v !== undefined) expected(where, node, 'CPUs like 0-3 or 0,1');
  },
};

export function isRuntimeKey(key: string): boolean {
  return Object.hasOwn(READERS, key);
}

/** Reads one runtime key of a service into `c`. */
export function readRuntimeKey(where: At, key: string, node: YNode, c: RuntimeContext): void {
  READERS[key](where, node, c);
}

/** The runtime spec with empty parts left out, or undefined when the file set nothing. */
export function finishRuntime(c: RuntimeContext): RuntimeSpec | undefined {
  const runtime = { ...c.runtime };
  if (Object.keys(c.resources).length) runtime.resources = c.resources;
  return Object.keys(runtime).length ? runtime : undefined;
}
