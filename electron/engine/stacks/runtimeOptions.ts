// The compose keys that say how a container runs (init, capabilities, sysctls, ulimits, devices,
// DNS, namespaces, logging, CPU and memory) as the engine's create options: the part of the
// container document that comes from the model's RuntimeSpec. Absent keys stay absent, so a
// file without them gives the same document, and the same config hash, as before.

import type Docker from 'dockerode';
import type { RuntimeSpec, ServiceSpec } from '../../../shared/stack/model.ts';

type HostConfig = NonNullable<Docker.ContainerCreateOptions['HostConfig']>;

/** `service:NAME` as the engine's `container:<container name>`; other modes as they are. */
function namespace(mode: string | undefined, containerOf: (service: string) => string): string | undefined {
  if (mode === undefined) return undefined;
  return mode.startsWith('service:') ? `container:${containerOf(mode.slice('service:'.length))}` : mode;
}

/** Options of the container's own config (not HostConfig). */
export function runtimeConfig(rt: RuntimeSpec | undefined): Partial<Docker.ContainerCreateOptions> {
  if (!rt) return {};
  const out: Record<string, unknown> = {
    Tty: rt.tty,
    OpenStdin: rt.stdinOpen,
    Domainname: rt.domainname,
    MacAddress: rt.macAddress,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<Docker.ContainerCreateOptions>;
}

/** HostConfig fields of the runtime spec. */
export function runtimeHostConfig(svc: ServiceSpec, containerOf: (service: string) => string): Partial<HostConfig> {
  const rt = svc.runtime;
  const r = rt?.resources;
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  if (svc.volumesFrom?.length) set('VolumesFrom', svc.volumesFrom.map((v) => `${containerOf(v.service)}:${v.readOnly ? 'ro' : 'rw'}`));
  if (!rt) return out as Partial<HostConfig>;
  set('Init', rt.init);
  set('Privileged', rt.privileged);
  set('ReadonlyRootfs', rt.readOnly);
  set('CapAdd', rt.capAdd);
  set('CapDrop', rt.capDrop);
  set('SecurityOpt', rt.securityOpt);
  set('Sysctls', rt.sysctls);
  if (rt.ulimits) set('Ulimits', Object.entries(rt.ulimits).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard })));
  if (rt.devices) set('Devices', rt.devices.map((d) => ({ PathOnHost: d.source, PathInContainer: d.target, CgroupPermissions: d.permissions })));
  set('DeviceCgroupRules', rt.deviceCgroupRules);
  set('Dns', rt.dns);
  set('DnsSearch', rt.dnsSearch);
  set('DnsOptions', rt.dnsOpt);
  set('ShmSize', rt.shmSizeBytes);
  set('IpcMode', namespace(rt.ipc, containerOf));
  set('PidMode', namespace(rt.pid, containerOf));
  set('UTSMode', rt.uts);
  set('UsernsMode', rt.usernsMode);
  set('CgroupnsMode', rt.cgroup);
  set('CgroupParent', rt.cgroupParent);
  set('GroupAdd', rt.groupAdd);
  set('Runtime', rt.runtime);
  set('Isolation', rt.isolation);
  set('OomScoreAdj', rt.oomScoreAdj);
  set('StorageOpt', rt.storageOpt);
  set('Annotations', rt.annotations);
  if (rt.logging) set('LogConfig', { Type: rt.logging.driver ?? '', Config: rt.logging.options });
  if (r) {
    set('Memory', r.memoryBytes);
    set('MemoryReservation', r.memoryReservationBytes);
    set('MemorySwap', r.memorySwapBytes);
    set('MemorySwappiness', r.memorySwappiness);
    set('NanoCpus', r.nanoCpus);
    set('CpuShares', r.cpuShares);
    set('CpuQuota', r.cpuQuota);
    set('CpuPeriod', r.cpuPeriod);
    set('CpuRealtimePeriod', r.cpuRealtimePeriod);
    set('CpuRealtimeRuntime', r.cpuRealtimeRuntime);
    set('CpusetCpus', r.cpusetCpus);
    set('CpuCount', r.cpuCount);
    set('CpuPercent', r.cpuPercent);
    set('PidsLimit', r.pidsLimit);
    set('OomKillDisable', r.oomKillDisable);
    set('BlkioWeight', r.blkioWeight);
    const rates = (list: Array<{ path: string; rate: number }> | undefined) => list?.map((x) => ({ Path: x.path, Rate: x.rate }));
    if (r.blkioWeightDevice) set('BlkioWeightDevice', r.blkioWeightDevice.map((x) => ({ Path: x.path, Weight: x.weight })));
    set('BlkioDeviceReadBps', rates(r.blkioDeviceReadBps));
    set('BlkioDeviceWriteBps', rates(r.blkioDeviceWriteBps));
    set('BlkioDeviceReadIOps', rates(r.blkioDeviceReadIOps));
    set('BlkioDeviceWriteIOps', rates(r.blkioDeviceWriteIOps));
    if (r.deviceRequests) {
      set('DeviceRequests', r.deviceRequests.map((q) => ({
        Driver: q.driver ?? '',
        Count: q.count ?? (q.deviceIds ? 0 : -1),
        DeviceIDs: q.deviceIds ?? null,
        Capabilities: [q.capabilities],
        Options: q.options ?? {},
      })));
    }
  }
  return out as Partial<HostConfig>;
}
