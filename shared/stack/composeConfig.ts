// The stack as a compose document again, every default filled in and every value interpolated,
// the way `docker compose config` prints a project: what `branchyard convert` shows. It is
// written from the model, so it shows what Branchyard will run (the container names it uses,
// the addresses it gives, the volumes and mounts it makes), not the file as typed.

import { formatIpv4, hostAddress, parseCidr } from '../net/ipv4.ts';
import type { DockerBuildSpec, HealthcheckSpec, MountSpec, PortSpec, ResourcesSpec, ServiceSpec, StackTemplate } from './model.ts';
import { engineNetworkName, templateNetworks } from './stackNetworks.ts';

type Doc = Record<string, unknown>;

/** Nanoseconds as a compose duration: 1500000000 gives 1.5s, 90000000000 gives 1m30s. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const parts: string[] = [];
  let rest = ns;
  for (const [unit, size] of [['h', 3600e9], ['m', 60e9]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest >= 1e9 || (rest > 0 && parts.length)) parts.push(`${+(rest / 1e9).toFixed(9)}s`);
  else if (rest >= 1e6) parts.push(`${+(rest / 1e6).toFixed(6)}ms`);
  else if (rest > 0) parts.push(`${rest}ns`);
  return parts.join('');
}

const drop = (d: Doc): Doc => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));

function port(p: PortSpec): Doc {
  const published = p.published === undefined ? undefined : p.publishedLast ? `${p.published}-${p.publishedLast}` : String(p.published);
  return drop({ target: p.target, published, host_ip: p.hostIp, protocol: p.protocol, mode: 'host' });
}

function mount(m: MountSpec, volumeNames: (name: string) => string): Doc {
  if (m.type === 'anonymous') return { type: 'volume', target: m.target };
  if (m.type === 'tmpfs') return drop({ type: 'tmpfs', target: m.target, tmpfs: m.options ? Object.fromEntries(m.options.split(',').map((o) => o.split('='))) : undefined });
  if (m.type === 'volume') return { type: 'volume', source: m.source, target: m.target, read_only: m.readOnly, volume: drop({ name: volumeNames(m.source), subpath: m.subpath, nocopy: m.noCopy }) };
  if (m.type === 'image') return drop({ type: 'image', source: m.source, target: m.target, read_only: m.readOnly, image: m.subpath ? { subpath: m.subpath } : undefined });
  return drop({ type: 'bind', source: m.source, target: m.target, read_only: m.readOnly, bind: drop({ create_host_path: m.createHostPath ?? true, propagation: m.mode }) });
}

/** Secrets and configs written in, by source and target: never their values. */
function fileRefs(s: ServiceSpec, kind: 'secret' | 'config'): Doc[] | undefined {
  const files = (s.files ?? []).filter((f) => f.kind === kind);
  if (!files.length) return undefined;
  return files.map((f) => drop({ source: f.source, target: f.target, uid: f.uid?.toString(), gid: f.gid?.toString(), mode: f.mode.toString(8).padStart(4, '0') }));
}

function healthcheck(h: HealthcheckSpec): Doc {
  const d = (ns: number | undefined) => (ns === undefined ? undefined : formatDuration(ns));
  if (h.test[0] === 'NONE') return { disable: true };
  return drop({ test: h.test.length ? h.test : undefined, interval: d(h.intervalNs), timeout: d(h.timeoutNs), retries: h.retries, start_period: d(h.startPeriodNs), start_interval: d(h.startIntervalNs) });
}

function resources(r: ResourcesSpec | undefined): Doc | undefined {
  if (!r) return undefined;
  const limits = drop({ cpus: r.nanoCpus === undefined ? undefined : String(r.nanoCpus / 1e9), memory: r.memoryBytes, pids: r.pidsLimit });
  const reservations = drop({
    memory: r.memoryReservationBytes,
    devices: r.deviceRequests?.map((q) => drop({ driver: q.driver, count: q.count === -1 ? 'all' : q.count, device_ids: q.deviceIds, capabilities: q.capabilities, options: q.options })),
  });
  const out = drop({ limits: Object.keys(limits).length ? limits : undefined, reservations: Object.keys(reservations).length ? reservations : undefined });
  return Object.keys(out).length ? out : undefined;
}

function buildDoc(b: DockerBuildSpec): Doc {
  return drop({
    context: b.context,
    dockerfile: b.dockerfileInline === undefined ? b.dockerfile ?? 'Dockerfile' : undefined,
    dockerfile_inline: b.dockerfileInline,
    args: Object.keys(b.args).length ? b.args : undefined,
    target: b.target,
    labels: b.labels,
    cache_from: b.cacheFrom,
    shm_size: b.shmSizeBytes,
    extra_hosts: b.extraHosts,
    network: b.network,
    no_cache: b.noCache,
    pull: b.pull,
    tags: b.tags,
    platforms: b.platform ? [b.platform] : undefined,
    ulimits: b.ulimits,
    isolation: b.isolation,
  });
}

function service(s: ServiceSpec, t: StackTemplate, stack: string, volumeNames: (name: string) => string): Doc {
  const rt = s.runtime ?? {};
  const r = rt.resources;
  const nets = new Map(templateNetworks(t).map((n, i) => {
    const text = n.subnet ?? (i === 0 ? t.subnet : undefined);
    const c = text ? parseCidr(text) : undefined;
    return [n.name, { spec: n, subnet: c && !('error' in c) ? c : undefined }] as const;
  }));
  let firstOwn = true;
  const networks = s.networkMode
    ? undefined
    : Object.fromEntries((s.networks ?? [{ network: 'default', aliases: [] }]).map((n) => {
        const net = nets.get(n.network);
        let ip = n.ipv4Address;
        if (net && !net.spec.external) {
          const hostNumber = n.hostNumber ?? (firstOwn ? s.hostNumber : undefined);
          firstOwn = false;
          ip = net.subnet && hostNumber !== undefined ? formatIpv4(hostAddress(net.subnet, hostNumber)) : undefined;
        }
        return [n.network, drop({ aliases: [...new Set([s.name, ...n.aliases, ...(s.linkAliases ?? [])])], ipv4_address: ip, mac_address: n.macAddress, driver_opts: n.driverOpts })];
      }));
  return drop({
    image: s.image,
    build: s.build ? buildDoc(s.build) : undefined,
    'x-s2i': s.s2i,
    container_name: `${stack}-${s.containerName ?? s.name}`,
    hostname: s.networkMode?.startsWith('service:') ? undefined : s.hostname ?? s.name,
    domainname: rt.domainname,
    profiles: s.profiles,
    pull_policy: s.pullPolicy ?? 'missing',
    platform: s.platform,
    command: s.command,
    entrypoint: s.entrypoint,
    working_dir: s.workingDir,
    user: s.user,
    environment: Object.keys(s.environment).length ? Object.fromEntries(Object.entries(s.environment).sort(([a], [b]) => a.localeCompare(b))) : undefined,
    labels: Object.keys(s.labels).length ? s.labels : undefined,
    annotations: rt.annotations,
    ports: s.ports.map(port),
    expose: s.expose,
    volumes: s.mounts.map((m) => mount(m, volumeNames)),
    secrets: fileRefs(s, 'secret'),
    configs: fileRefs(s, 'config'),
    volumes_from: s.volumesFrom?.map((v) => (v.readOnly ? `${v.service}:ro` : v.service)),
    depends_on: Object.keys(s.dependsOn).length ? Object.fromEntries(Object.entries(s.dependsOn).map(([k, c]) => [k, { condition: c, required: true }])) : undefined,
    healthcheck: s.healthcheck ? healthcheck(s.healthcheck) : undefined,
    restart: s.restart ?? 'no',
    stop_signal: s.stopSignal,
    stop_grace_period: s.stopGracePeriodS === undefined ? undefined : formatDuration(s.stopGracePeriodS * 1e9),
    extra_hosts: s.extraHosts,
    network_mode: s.networkMode,
    networks,
    'x-ip': s.networkMode ? undefined : s.hostNumber,
    init: rt.init,
    privileged: rt.privileged,
    read_only: rt.readOnly,
    stdin_open: rt.stdinOpen,
    tty: rt.tty,
    cap_add: rt.capAdd,
    cap_drop: rt.capDrop,
    security_opt: rt.securityOpt,
    sysctls: rt.sysctls,
    ulimits: rt.ulimits,
    devices: rt.devices?.map((d) => `${d.source}:${d.target}:${d.permissions}`),
    device_cgroup_rules: rt.deviceCgroupRules,
    dns: rt.dns,
    dns_search: rt.dnsSearch,
    dns_opt: rt.dnsOpt,
    shm_size: rt.shmSizeBytes,
    ipc: rt.ipc,
    pid: rt.pid,
    uts: rt.uts,
    userns_mode: rt.usernsMode,
    cgroup: rt.cgroup,
    cgroup_parent: rt.cgroupParent,
    group_add: rt.groupAdd,
    runtime: rt.runtime,
    isolation: rt.isolation,
    mac_address: rt.macAddress,
    oom_score_adj: rt.oomScoreAdj,
    oom_kill_disable: r?.oomKillDisable,
    storage_opt: rt.storageOpt,
    logging: rt.logging,
    mem_swappiness: r?.memorySwappiness,
    memswap_limit: r?.memorySwapBytes,
    cpu_shares: r?.cpuShares,
    cpu_quota: r?.cpuQuota,
    cpu_period: r?.cpuPeriod,
    cpu_rt_period: r?.cpuRealtimePeriod,
    cpu_rt_runtime: r?.cpuRealtimeRuntime,
    cpuset: r?.cpusetCpus,
    cpu_count: r?.cpuCount,
    cpu_percent: r?.cpuPercent,
    blkio_config: r && (r.blkioWeight ?? r.blkioWeightDevice ?? r.blkioDeviceReadBps ?? r.blkioDeviceWriteBps ?? r.blkioDeviceReadIOps ?? r.blkioDeviceWriteIOps)
      ? drop({ weight: r.blkioWeight, weight_device: r.blkioWeightDevice, device_read_bps: r.blkioDeviceReadBps, device_write_bps: r.blkioDeviceWriteBps, device_read_iops: r.blkioDeviceReadIOps, device_write_iops: r.blkioDeviceWriteIOps })
      : undefined,
    deploy: resources(r) ? { resources: resources(r) } : undefined,
    'x-capture': s.capture,
  });
}

/**
 * The stack as a compose document; `stack` is the name the stack is (or would be) given: the
 * engine names of its networks and volumes come from it.
 */
export function toComposeConfig(t: StackTemplate, stack: string): Doc {
  const volumeNames = (name: string) => {
    const v = t.volumes.find((x) => x.name === name);
    return v?.external ?? `${stack}_${v?.engineName ?? name}`;
  };
  return drop({
    name: t.name,
    services: Object.fromEntries(t.services.map((s) => [s.name, service(s, t, stack, volumeNames)])),
    networks: Object.fromEntries(templateNetworks(t).map((n, i) => [
      n.name,
      n.external
        ? { name: n.external, external: true }
        : drop({
            name: engineNetworkName(stack, n),
            driver: 'bridge',
            internal: n.internal,
            driver_opts: n.driverOpts,
            labels: Object.keys(n.labels).length ? n.labels : undefined,
            ipam: (n.subnet ?? (i === 0 ? t.subnet : undefined)) ? { config: [{ subnet: n.subnet ?? t.subnet }] } : undefined,
          }),
    ])),
    volumes: t.volumes.length
      ? Object.fromEntries(t.volumes.map((v) => [v.name, drop({ name: volumeNames(v.name), external: v.external ? true : undefined, driver: v.external ? undefined : v.driver ?? 'local', driver_opts: v.driverOpts, labels: Object.keys(v.labels).length ? v.labels : undefined })]))
      : undefined,
    'x-branchyard': drop({ subnet: t.subnet, profiles: t.profiles }),
  });
}
