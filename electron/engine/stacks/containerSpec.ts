// Turns one service of the model into the engine's container-create document, and hashes it.
// The hash (a label on the container) is what lets `up` leave an unchanged service alone.

import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { homedir } from 'node:os';
import type Docker from 'dockerode';
import type { InjectedFileSpec, ServiceSpec } from '../../../shared/stack/model.ts';
import { LABEL, encodeDependsOn } from '../docker/labels.ts';
import { hooksLabel } from './lifecycleHooks.ts';
import { endpointRecords, serviceEndpoints, type StackNetworks } from '../networks/serviceEndpoints.ts';
import { VOLATILE_LABELS, configFields, encodeConfigFields } from './plan/configFields.ts';
import { runtimeConfig, runtimeHostConfig } from './runtimeOptions.ts';
import { stableJson } from './stableJson.ts';

export interface StackContext {
  stack: string;
  template: string;
  branch?: string;
  /** Absolute path of the stack file. */
  file: string;
  /** Folder of the stack file: relative bind sources are resolved against it. */
  dir: string;
  /** The stack's networks by their name in the file, as the planner settled them. */
  networks: StackNetworks;
  /** Engine volume name for each volume name of the file. */
  volumeNames: Record<string, string>;
  /** Leave StartInterval out for engines older than API 1.44, which refuse or ignore it. */
  startIntervalSupported: boolean;
  /**
   * Container name of each service of the stack (`<stack>-<container_name or service>`), for
   * network_mode, ipc, pid and volumes_from that name another service. Absent: `<stack>-<service>`.
   */
  containerNames?: Record<string, string>;
}

/** `<stack>-<service>`, or `<stack>-<container_name>` when the file names the container. */
export function containerName(stack: string, service: string | Pick<ServiceSpec, 'name' | 'containerName'>): string {
  return `${stack}-${typeof service === 'string' ? service : service.containerName ?? service.name}`;
}

/**
 * The network part of the document: the service's networks with its fixed address and names on
 * each (the first is the container's network mode), none, or another service's. The engine
 * before API 1.44 takes one network at create: the executor connects the others before start.
 */
function networking(svc: ServiceSpec, ctx: StackContext, containerOf: (s: string) => string) {
  if (svc.networkMode === 'none') return { mode: 'none', endpoints: {}, records: [] };
  if (svc.networkMode?.startsWith('service:')) return { mode: `container:${containerOf(svc.networkMode.slice('service:'.length))}`, endpoints: {}, records: [] };
  const list = serviceEndpoints(svc, ctx.networks);
  const endpoints: Record<string, Record<string, unknown>> = {};
  for (const e of list) {
    endpoints[e.name] = {
      ...(e.ip ? { IPAMConfig: { IPv4Address: e.ip } } : {}),
      Aliases: e.aliases,
      ...(e.driverOpts ? { DriverOpts: e.driverOpts } : {}),
    };
  }
  return { mode: list[0]!.name, endpoints, records: endpointRecords(list, ctx.networks) };
}

export function stackLabels(ctx: Pick<StackContext, 'stack' | 'template' | 'branch' | 'file'>): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.stack]: ctx.stack,
    [LABEL.template]: ctx.template,
    [LABEL.file]: ctx.file,
  };
  if (ctx.branch) labels[LABEL.branch] = ctx.branch;
  return labels;
}

function bindSource(source: string, dir: string): string {
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return isAbsolute(source) ? source : resolve(dir, source);
}

function nsOrUndefined(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Math.round(v);
}

/**
 * The create document, without the config-hash label (see withConfigHash). `ip` is the address
 * the service is known by (its first network's, or for network_mode service:X, X's), kept in a
 * label; the addresses on its networks come from its host numbers there.
 */
export function containerSpec(svc: ServiceSpec, ip: string, ctx: StackContext, commit?: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort?: string }[]> = {};
  for (const p of svc.ports) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    const hostPort = p.published === undefined ? '' : p.publishedLast ? `${p.published}-${p.publishedLast}` : String(p.published);
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: hostPort });
  }
  for (const e of svc.expose) exposed[e] = {};

  const mounts: Docker.MountSettings[] = [];
  const binds: string[] = [];
  const tmpfs: Record<string, string> = {};
  for (const m of svc.mounts) {
    if (m.type === 'volume') {
      // VolumeOptions only when the file sets them: a document made before they existed keeps its hash.
      const options = { ...(m.subpath ? { Subpath: m.subpath } : {}), ...(m.noCopy ? { NoCopy: true } : {}) };
      mounts.push({ Type: 'volume', Source: ctx.volumeNames[m.source] ?? m.source, Target: m.target, ReadOnly: m.readOnly, ...(Object.keys(options).length ? { VolumeOptions: options } : {}) } as Docker.MountSettings);
    } else if (m.type === 'image') {
      mounts.push({ Type: 'image', Source: m.source, Target: m.target, ReadOnly: m.readOnly, ...(m.subpath ? { ImageOptions: { Subpath: m.subpath } } : {}) } as unknown as Docker.MountSettings);
    } else if (m.type === 'anonymous') {
      mounts.push({ Type: 'volume', Source: '', Target: m.target });
    } else if (m.type === 'bind' && m.createHostPath === false && !/\bz\b/i.test(m.mode ?? '')) {
      // A Mounts bind refuses a missing source where a Binds entry would make an empty folder.
      mounts.push({
        Type: 'bind', Source: bindSource(m.source, ctx.dir), Target: m.target, ReadOnly: m.readOnly,
        ...(m.mode ? { BindOptions: { Propagation: m.mode as 'private' } } : {}),
      });
    } else if (m.type === 'bind') {
      // Binds (not Mounts) because only they carry SELinux and propagation modes like z, Z, rshared.
      const mode = [m.readOnly ? 'ro' : 'rw', m.mode].filter(Boolean).join(',');
      binds.push(`${bindSource(m.source, ctx.dir)}:${m.target}:${mode}`);
    } else {
      tmpfs[m.target] = m.options ?? '';
    }
  }

  const hc = svc.healthcheck;
  const healthcheck = hc
    ? {
        Test: hc.test,
        Interval: nsOrUndefined(hc.intervalNs),
        Timeout: nsOrUndefined(hc.timeoutNs),
        Retries: hc.retries,
        StartPeriod: nsOrUndefined(hc.startPeriodNs),
        ...(ctx.startIntervalSupported && hc.startIntervalNs ? { StartInterval: Math.round(hc.startIntervalNs) } : {}),
      }
    : undefined;

  const restart = svc.restart && svc.restart !== 'no' ? svc.restart.split(':') : undefined;
  const env = Object.entries(svc.environment)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const containerOf = (service: string) => ctx.containerNames?.[service] ?? containerName(ctx.stack, service);
  const net = networking(svc, ctx, containerOf);
  // A container on another's network has that one's host name, ports and addresses.
  const ownNetwork = !svc.networkMode?.startsWith('service:');
  const mac = svc.networks?.[0]?.macAddress;

  return {
    name: containerName(ctx.stack, svc),
    Image: svc.image,
    ...(svc.platform ? { platform: svc.platform } : {}),
    ...runtimeConfig(svc.runtime),
    ...(mac && !svc.runtime?.macAddress ? { MacAddress: mac } : {}),
    Cmd: svc.command,
    Entrypoint: svc.entrypoint,
    Env: env,
    WorkingDir: svc.workingDir,
    User: svc.user,
    ...(ownNetwork ? { Hostname: svc.hostname ?? svc.name, ExposedPorts: exposed } : {}),
    Labels: {
      ...svc.labels,
      ...stackLabels(ctx),
      [LABEL.service]: svc.name,
      [LABEL.ip]: ip,
      // Left out of the config hash: the networking config says the same.
      ...(net.records.length ? { [LABEL.networks]: JSON.stringify(net.records) } : {}),
      [LABEL.dependsOn]: encodeDependsOn(svc.dependsOn),
      ...(commit ? { [LABEL.commit]: commit } : {}),
      // Only when paths are listed, so containers made before this label existed keep their hash.
      ...(svc.capture?.length ? { [LABEL.capture]: JSON.stringify(svc.capture) } : {}),
      ...(svc.files?.length ? { [LABEL.files]: filesLabel(svc.files) } : {}),
      ...(hooksLabel(svc) ? { [LABEL.hooks]: hooksLabel(svc)! } : {}),
    },
    Healthcheck: healthcheck,
    StopSignal: svc.stopSignal,
    StopTimeout: svc.stopGracePeriodS,
    HostConfig: {
      NetworkMode: net.mode,
      ...(ownNetwork ? { PortBindings: bindings } : {}),
      Mounts: mounts,
      Binds: binds,
      Tmpfs: tmpfs,
      ...(ownNetwork ? { ExtraHosts: svc.extraHosts } : {}),
      RestartPolicy: restart
        ? { Name: restart[0], MaximumRetryCount: restart[1] ? Number(restart[1]) : undefined }
        : { Name: '' },
      ...runtimeHostConfig(svc, containerOf),
    },
    NetworkingConfig: { EndpointsConfig: net.endpoints },
  };
}

/**
 * What the secrets and configs written into the container are, without what they say: a changed
 * value changes the digest (and so the config hash), and the label never holds the value.
 */
function filesLabel(files: InjectedFileSpec[]): string {
  return JSON.stringify(files.map((f) => ({
    kind: f.kind, source: f.source, target: f.target, mode: f.mode.toString(8).padStart(4, '0'),
    ...(f.uid !== undefined ? { uid: f.uid } : {}), ...(f.gid !== undefined ? { gid: f.gid } : {}),
    digest: createHash('sha256').update(f.content ?? '').digest('hex').slice(0, 16),
  })));
}

export function configHash(spec: Docker.ContainerCreateOptions): string {
  // Where the file lives, what the service depends on and which services the stack has are not
  // part of the service itself: moving the file or adding a dependency must not recreate it
  // (compose leaves depends_on out of its hash for the same reason).
  const labels = Object.fromEntries(Object.entries(spec.Labels ?? {}).filter(([k]) => !VOLATILE_LABELS.includes(k)));
  return createHash('sha256').update(stableJson({ ...spec, Labels: labels })).digest('hex');
}

/** The document with its config hash and field fingerprints, as it is created. */
export function withConfigHash(spec: Docker.ContainerCreateOptions): Docker.ContainerCreateOptions {
  return {
    ...spec,
    Labels: { ...spec.Labels, [LABEL.configHash]: configHash(spec), [LABEL.configFields]: encodeConfigFields(configFields(spec)) },
  };
}
