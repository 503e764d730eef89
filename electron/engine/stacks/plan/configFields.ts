// A short fingerprint of each field of a container document, kept in a label beside the config
// hash. The hash alone says "something changed"; the fingerprints say what (the image, which
// environment variable, the ports), so the plan can tell the user why a service is recreated.
// Values are hashed, never stored: the label must not leak a password from the environment.

import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { LABEL } from '../../docker/labels.ts';
import { stableJson } from '../stableJson.ts';

function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableJson(value ?? null)).digest('hex').slice(0, 10);
}

/** Labels that describe the stack rather than the service: they never make a recreate. */
export const VOLATILE_LABELS: readonly string[] = [
  LABEL.file,
  LABEL.configHash,
  LABEL.configFields,
  LABEL.dependsOn,
  LABEL.services,
  // The network's subnet, which the container's IP already is part of.
  LABEL.subnet,
  // What the document's networking says already, with the networks' subnets.
  LABEL.networks,
];

/** Field name as the stack file says it → fingerprint. */
export function configFields(spec: Docker.ContainerCreateOptions): Record<string, string> {
  const h = spec.HostConfig ?? {};
  const labels = Object.fromEntries(Object.entries(spec.Labels ?? {}).filter(([k]) => !VOLATILE_LABELS.includes(k) && k !== LABEL.commit && k !== LABEL.files && k !== LABEL.hooks));
  const fields: Record<string, unknown> = {
    image: spec.Image,
    commit: spec.Labels?.[LABEL.commit],
    command: spec.Cmd,
    entrypoint: spec.Entrypoint,
    working_dir: spec.WorkingDir,
    user: spec.User,
    hostname: spec.Hostname,
    ports: [h.PortBindings, spec.ExposedPorts],
    volumes: [h.Mounts, h.Binds, h.Tmpfs],
    labels,
    healthcheck: spec.Healthcheck,
    stop_signal: spec.StopSignal,
    stop_grace_period: spec.StopTimeout,
    extra_hosts: h.ExtraHosts,
    restart: h.RestartPolicy,
    network: [h.NetworkMode, spec.NetworkingConfig],
  };
  const hx = h as { CgroupnsMode?: string; Annotations?: unknown };
  // Keys that only some files set: fingerprinted when set, so a container made before they
  // existed (or from a file without them) keeps the same set of fields.
  const runtime: Record<string, unknown> = {
    container_name: spec.name === `${spec.Labels?.[LABEL.stack]}-${spec.Labels?.[LABEL.service]}` ? undefined : spec.name,
    platform: (spec as { platform?: string }).platform,
    init: h.Init,
    privileged: h.Privileged,
    read_only: h.ReadonlyRootfs,
    tty: spec.Tty,
    stdin_open: spec.OpenStdin,
    domainname: spec.Domainname,
    mac_address: spec.MacAddress,
    cap_add: h.CapAdd,
    cap_drop: h.CapDrop,
    security_opt: h.SecurityOpt,
    sysctls: h.Sysctls,
    ulimits: h.Ulimits,
    devices: h.Devices,
    device_cgroup_rules: h.DeviceCgroupRules,
    dns: [h.Dns, h.DnsSearch, h.DnsOptions].some((x) => x !== undefined) ? [h.Dns, h.DnsSearch, h.DnsOptions] : undefined,
    shm_size: h.ShmSize,
    ipc: h.IpcMode,
    pid: h.PidMode,
    uts: h.UTSMode,
    userns_mode: h.UsernsMode,
    cgroup: [hx.CgroupnsMode, h.CgroupParent].some((x) => x !== undefined) ? [hx.CgroupnsMode, h.CgroupParent] : undefined,
    group_add: h.GroupAdd,
    runtime: h.Runtime,
    isolation: h.Isolation,
    oom_score_adj: h.OomScoreAdj,
    storage_opt: h.StorageOpt,
    annotations: hx.Annotations,
    logging: h.LogConfig,
    volumes_from: h.VolumesFrom,
    'secrets and configs': spec.Labels?.[LABEL.files],
    'lifecycle hooks': spec.Labels?.[LABEL.hooks],
    resources: resourceFields(h),
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) out[name] = fingerprint(value);
  for (const [name, value] of Object.entries(runtime)) if (value !== undefined) out[name] = fingerprint(value);
  for (const entry of spec.Env ?? []) {
    const i = entry.indexOf('=');
    out[`environment.${i < 0 ? entry : entry.slice(0, i)}`] = fingerprint(i < 0 ? null : entry.slice(i + 1));
  }
  return out;
}

const RESOURCE_KEYS = [
  'Memory', 'MemoryReservation', 'MemorySwap', 'MemorySwappiness', 'NanoCpus', 'CpuShares', 'CpuQuota', 'CpuPeriod',
  'CpuRealtimePeriod', 'CpuRealtimeRuntime', 'CpusetCpus', 'CpuCount', 'CpuPercent', 'PidsLimit', 'OomKillDisable',
  'BlkioWeight', 'BlkioWeightDevice', 'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps',
  'BlkioDeviceWriteIOps', 'DeviceRequests',
] as const;

/** CPU, memory, process and block IO limits and device requests, when any is set. */
function resourceFields(h: NonNullable<Docker.ContainerCreateOptions['HostConfig']>): Record<string, unknown> | undefined {
  const set = Object.fromEntries(RESOURCE_KEYS.map((k) => [k, (h as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined));
  return Object.keys(set).length ? set : undefined;
}

/** What changed between two fingerprint sets, in words: ["image", "environment DB_HOST"]. */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  const env: string[] = [];
  for (const n of [...names].sort()) {
    if (before[n] === after[n]) continue;
    if (n.startsWith('environment.')) env.push(n.slice('environment.'.length));
    else changed.push(n === 'network' ? 'network or IP' : n);
  }
  if (env.length) changed.push(`environment ${env.join(', ')}`);
  return changed;
}

export function encodeConfigFields(fields: Record<string, string>): string {
  return JSON.stringify(fields);
}

export function decodeConfigFields(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
