// Plan: a pure function from the stack file and the observed engine state to the operations that
// bring one to the other, each with its reason. No engine call and no clock: unit-tested without
// Docker, printed by `up --dry-run`, shown by the app before the user confirms, and run as it is
// by the executor (execute/executeUp.ts). Modelled on docker compose's reconcile.go.

import type Docker from 'dockerode';
import type { PlannedBuild, PlannedOrphan, PlannedPull, PlannedService, PlannedVolume, UpPlan } from '../../../../shared/api/plan.ts';
import { BranchyardError, type Issue } from '../../../../shared/errors/errors.ts';
import { cidrContains, formatCidr, hostNumberProblem, parseIpv4 } from '../../../../shared/net/ipv4.ts';
import type { InjectedFileSpec, LifecycleHookSpec, ServiceSpec, StackTemplate } from '../../../../shared/stack/model.ts';
import { buildInputsHash } from '../../build/s2i/s2iBuild.ts';
import { S2I_LABEL } from '../../build/s2i/builderImage.ts';
import { LABEL } from '../../docker/labels.ts';
import { type ServiceEndpoint, type StackNetworks, serviceEndpoints } from '../../networks/serviceEndpoints.ts';
import { containerName, containerSpec, stackLabels, withConfigHash } from '../containerSpec.ts';
import { hooksOf } from '../lifecycleHooks.ts';
import { volumeName } from '../stackVolumes.ts';
import { changedFields, configFields, decodeConfigFields } from './configFields.ts';
import type { ObservedStack } from './observeStack.ts';
import { engineTooOld } from './engineFeatures.ts';
import { type NetworkToMake, planNetworks } from './planNetworks.ts';

export interface PlanOptions {
  stack: string;
  branch?: string;
  /** Absolute path of the stack file. */
  file: string;
  dir: string;
  /** Pool for stacks without a subnet of their own. */
  pool?: string;
  /** Converge only these (redeploy); the rest are untouched. */
  only?: string[];
  /** Leave containers of services no longer in the file. */
  keepOrphans?: boolean;
  /** The engine takes healthcheck StartInterval (API 1.44+). */
  startIntervalSupported: boolean;
  /**
   * The engine's API version: keys that need a newer engine (image mounts, volume subpaths) are
   * refused on an older one, naming the version they need. Absent: not checked.
   */
  apiVersion?: string;
  /** Recreate these services whatever changed or not (the `recreate` request); only they converge. */
  recreate?: string[];
  /** Build nothing: run the images as they are (recreate). A built image that is not there is an error. */
  noBuild?: boolean;
}

/** What the executor needs beyond the public plan: the exact documents to create. */
export interface ExecutablePlan {
  plan: UpPlan;
  /** The networks to make, exactly so (the plan's networks with action create). */
  networks: NetworkToMake[];
  volumeLabels: Record<string, Record<string, string>>;
  /** Driver and driver options of the volumes to create that have them, by engine name. */
  volumeDrivers: Record<string, { Driver?: string; DriverOpts?: Record<string, string> }>;
  /** Create documents of the services to create or recreate, with their config hash. */
  specs: Map<string, Docker.ContainerCreateOptions>;
  /** Container ids of the untouched services, which converging ones may wait on. */
  untouched: Map<string, string>;
  /** What each service depends on, with the condition: the executor walks this graph. */
  dependsOn: Map<string, Record<string, string>>;
  /** The post_start hooks to run once the executor has started each service's container. */
  postStart: Map<string, LifecycleHookSpec[]>;
  /** The pre_stop hooks of the containers the executor stops to recreate them (their own, from their labels). */
  preStop: Map<string, LifecycleHookSpec[]>;
  /** Secrets and configs each created container gets written in before it starts (with their content). */
  files: Map<string, InjectedFileSpec[]>;
  /** The image each service runs (a build's result replaces a container only if it differs). */
  images: Map<string, string>;
  /**
   * Stopped containers whose networks were made again since they last ran: the engine starts
   * them only once they are connected to the new ones, on their own addresses and names.
   */
  reconnect: Map<string, Reconnect[]>;
}

/** A network a stopped container is to be connected to again, by the engine's name. */
export interface Reconnect {
  name: string;
  ip?: string;
  aliases: string[];
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/**
 * Services with the ones they depend on first (the parser has refused cycles; a cycle in labels
 * edited by hand is cut where it closes).
 */
export function dependencyOrder<T extends { name: string; dependsOn: Record<string, string> }>(services: T[]): T[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (s: T) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const dep of Object.keys(s.dependsOn)) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    out.push(s);
  };
  services.forEach(visit);
  return out;
}

function planBuild(s: ServiceSpec, seen: ObservedStack): PlannedBuild {
  if (!s.s2i) {
    return { service: s.name, image: s.image, via: 'dockerfile', action: 'build', reasons: ['Dockerfile builds always run; the layer cache keeps an unchanged one quick'] };
  }
  const commit = seen.commits.get(s.name);
  const base = { service: s.name, image: s.image, via: 's2i' as const, ...(commit ? { commit: commit.id } : {}) };
  const image = seen.images.get(s.image);
  const builder = seen.images.get(s.s2i.builder);
  if (!commit) return { ...base, action: 'build', reasons: ['no ref to build yet'] };
  if (image && builder && image.labels[LABEL.buildInputs] === buildInputsHash(commit.id, builder.id, s.s2i, seen.scriptsDigests?.get(s.name))) {
    return { ...base, action: 'reuse', reasons: [`up to date: built from ${short(commit.id)} with the same builder and settings`] };
  }
  const reasons: string[] = [];
  if (!image) reasons.push(`no image ${s.image} yet`);
  else {
    const before = image.labels[S2I_LABEL.commitId];
    if (before !== commit.id) reasons.push(`commit ${before ? short(before) : 'unknown'} → ${short(commit.id)}`);
    else reasons.push('builder image or build settings changed');
  }
  if (!builder) reasons.push(`builder ${s.s2i.builder} is pulled first`);
  return { ...base, action: 'build', reasons };
}

function stateReason(c: Docker.ContainerInfo): string {
  if (c.State === 'exited') return `stopped (${c.Status.toLowerCase()})`;
  // An earlier `up` created it and ended before it started it.
  if (c.State === 'created') return 'created, never started';
  return c.State;
}

/**
 * A stopped container that names a network of the stack by an id the engine no longer has (the
 * network was removed and made again): starting it fails with "network ... not found". One that
 * never ran has no id yet (the engine finds the network by name at its first start).
 */
export function onStaleNetwork(c: Docker.ContainerInfo, network: string, networkId: string | undefined): boolean {
  const endpoint = c.NetworkSettings?.Networks?.[network];
  return Boolean(endpoint?.NetworkID) && endpoint!.NetworkID !== networkId;
}

/** Why a service's address on one of its networks cannot be, or undefined. */
function addressProblem(s: ServiceSpec, e: ServiceEndpoint, net: StackNetworks[string]): string | undefined {
  if (!e.ip || !net.subnet) return undefined;
  const addr = parseIpv4(e.ip);
  const where = net.external ? `external network ${net.name}` : `network ${net.name}`;
  if (addr === undefined) return `service '${s.name}': ${e.ip} is not an IPv4 address`;
  if (!cidrContains(net.subnet, addr)) return `service '${s.name}': ${e.ip} is outside ${formatCidr(net.subnet)}, the subnet of ${where}`;
  const problem = hostNumberProblem(net.subnet, addr - net.subnet.network);
  return problem ? `service '${s.name}': ${problem}` : undefined;
}

export function planUp(template: StackTemplate, seen: ObservedStack, o: PlanOptions): ExecutablePlan {
  const only = o.recreate ?? o.only;
  const converging = (s: ServiceSpec) => !only || only.includes(s.name);
  const issues: Issue[] = [];

  // Two services building one image would race to tag it.
  const builders = new Map<string, ServiceSpec>();
  for (const s of template.services) {
    if (!(s.s2i || s.build) || !converging(s) || o.noBuild) continue;
    const other = builders.get(s.image);
    if (other) {
      issues.push({ service: s.name, field: `services.${s.name}.image`, message: `services '${other.name}' and '${s.name}' both build ${s.image}: let one build it and the other use it` });
    }
    builders.set(s.image, s);
  }

  const base = stackLabels({ stack: o.stack, template: template.name, branch: o.branch, file: o.file });
  const services = template.services.map((s) => s.name);
  const dependsOn = new Map(template.services.map((s) => [s.name, { ...s.dependsOn } as Record<string, string>]));
  const servicesLabel = { [LABEL.services]: services.join(',') };

  const nets = planNetworks(template, seen, { stack: o.stack, file: o.file, pool: o.pool, keepOthers: Boolean(only) || o.keepOrphans }, { ...base, ...servicesLabel });
  const endpoints = new Map<string, ServiceEndpoint[]>();
  const ips = new Map<string, string>();
  for (const s of template.services) {
    if (s.networkMode) continue; // no address of its own: see below
    const list = serviceEndpoints(s, nets.refs);
    endpoints.set(s.name, list);
    for (const e of list) {
      const problem = addressProblem(s, e, nets.refs[e.network]!);
      const field = e === list[0] && !s.networks?.[0]?.ipv4Address ? `services.${s.name}.x-ip` : `services.${s.name}.networks.${e.network}.ipv4_address`;
      if (problem) issues.push({ service: s.name, field, message: problem });
    }
    ips.set(s.name, list[0]?.ip ?? '');
  }
  // network_mode none has no address; service:X has X's.
  for (const s of template.services) {
    if (s.networkMode) ips.set(s.name, s.networkMode.startsWith('service:') ? ips.get(s.networkMode.slice('service:'.length)) ?? '' : '');
  }
  if (issues.length) throw BranchyardError.invalid(issues);

  const volumes: PlannedVolume[] = [];
  const volumeNames: Record<string, string> = {};
  const volumeLabels: Record<string, Record<string, string>> = {};
  const volumeDrivers: ExecutablePlan['volumeDrivers'] = {};
  for (const v of template.volumes) {
    const name = v.external ?? volumeName(o.stack, v.engineName ?? v.name);
    if (!v.external && (v.driver || v.driverOpts)) volumeDrivers[name] = { ...(v.driver ? { Driver: v.driver } : {}), ...(v.driverOpts ? { DriverOpts: v.driverOpts } : {}) };
    volumeNames[v.name] = name;
    if (v.external) {
      if (!seen.volumes.has(name)) {
        throw new BranchyardError('not-found', `external volume '${name}' does not exist: create it with docker volume create`, { field: `volumes.${v.name}` });
      }
      volumes.push({ volume: v.name, name, action: 'external' });
    } else {
      volumes.push({ volume: v.name, name, action: seen.volumes.has(name) ? 'keep' : 'create' });
      volumeLabels[name] = { ...v.labels, ...base, [LABEL.volume]: v.name };
    }
  }

  const builds = [...builders.values()].map((s) => planBuild(s, seen));
  const buildOf = new Map(builds.map((b) => [b.image, b]));

  const pulls = new Map<string, PlannedPull>();
  // Images mounted (type: image) must be on the engine too: pulled when missing, as compose does.
  for (const s of template.services) {
    if (!converging(s)) continue;
    for (const m of s.mounts) {
      if (m.type !== 'image' || seen.images.get(m.source) || buildOf.has(m.source)) continue;
      const p: PlannedPull = pulls.get(m.source) ?? { image: m.source, services: [] };
      if (!p.services.includes(s.name)) p.services.push(s.name);
      pulls.set(m.source, p);
    }
  }
  for (const s of template.services) {
    if (!converging(s) || buildOf.has(s.image)) continue;
    // pull_policy: always pulls even an image that is there; never (and build) never pull.
    if (seen.images.get(s.image) && s.pullPolicy !== 'always') continue;
    if (o.noBuild && (s.s2i || s.build)) {
      issues.push({ service: s.name, message: `image ${s.image} of service '${s.name}' is not built yet: redeploy or up builds it` });
      continue;
    }
    if (s.pullPolicy === 'never' || s.pullPolicy === 'build') {
      issues.push({ service: s.name, field: `services.${s.name}.pull_policy`, message: `image ${s.image} of service '${s.name}' is not on the engine, and pull_policy ${s.pullPolicy} forbids pulling it` });
      continue;
    }
    const p: PlannedPull = pulls.get(s.image) ?? { image: s.image, services: [] };
    if (s.pullPolicy === 'always') p.always = true;
    if (s.platform) p.platform = s.platform;
    p.services.push(s.name);
    pulls.set(s.image, p);
  }

  for (const s of template.services) if (converging(s)) issues.push(...engineTooOld(s, o.apiVersion));
  // A secret from a variable that is not set cannot be written: say so before anything changes.
  for (const s of template.services) {
    if (!converging(s)) continue;
    for (const f of s.files ?? []) {
      if (f.content !== undefined) continue;
      issues.push({ service: s.name, field: `services.${s.name}.${f.kind}s`, message: `${f.kind} '${f.source}' of service '${s.name}' comes from the environment variable ${f.variable}, which is not set` });
    }
  }
  if (issues.length) throw BranchyardError.invalid(issues);
  const ctx = {
    containerNames: Object.fromEntries(template.services.map((s) => [s.name, containerName(o.stack, s)])),
    stack: o.stack,
    template: template.name,
    branch: o.branch,
    file: o.file,
    dir: o.dir,
    networks: nets.refs,
    volumeNames,
    startIntervalSupported: o.startIntervalSupported,
  };
  if (issues.length) throw BranchyardError.invalid(issues);
  const specs = new Map<string, Docker.ContainerCreateOptions>();
  const planned: PlannedService[] = [];
  const untouched = new Map<string, string>();
  const reconnect = new Map<string, Reconnect[]>();
  // An external network made again by its owner is stale for a stopped container too.
  const seenIdOf = (name: string) => (seen.networks.find((n) => n.name === name && !nets.make.some((m) => m.name === name)) ?? seen.external.get(name))?.id;
  for (const s of dependencyOrder(template.services)) {
    const current = seen.containers.get(s.name);
    if (!converging(s)) {
      // One that has no container matters only if a converging service waits for it: the
      // executor says so then, before it changes that service.
      if (current) untouched.set(s.name, current.Id);
      continue;
    }
    const ip = ips.get(s.name)!;
    const build = buildOf.get(s.image);
    // The commit a built image carries: the one being built now, else the one it was built from.
    const commit = build?.commit ?? seen.images.get(s.image)?.labels[S2I_LABEL.commitId];
    const doc = containerSpec(s, ip, ctx, build?.via === 'dockerfile' ? undefined : commit);
    const spec = withConfigHash({ ...doc, Labels: { ...doc.Labels, ...servicesLabel, ...(nets.first ? { [LABEL.subnet]: formatCidr(nets.first) } : {}) } });
    specs.set(s.name, spec);
    const list = endpoints.get(s.name) ?? [];
    const addresses = list.length > 1 ? { addresses: list.map((e) => ({ network: e.network, ip: e.ip ?? '' })) } : {};
    let p: PlannedService = o.recreate && current
      ? { service: s.name, ip, ...addresses, containerId: current.Id, action: 'recreate' as const, reasons: ['recreate requested'] }
      : { ...planService(s, ip, spec, current, seen, build), ...addresses };
    // A container joined to another's network, IPC, PID or volumes holds that container's id:
    // when the other is recreated (or may be), this one is too, or it would hold a removed one.
    const joined = planned.find((other) => namedAtCreate(s).includes(other.service) && (other.action === 'recreate' || other.ifImageChanges));
    if (joined && current && p.action !== 'recreate') {
      const { ifImageChanges: _conditional, ...rest } = p;
      p = { ...rest, action: 'recreate', reasons: [`${joined.service} is recreated, and this container joins it`] };
    }
    const stale = p.action === 'start' && current ? list.filter((e) => onStaleNetwork(current, e.name, seenIdOf(e.name))) : [];
    if (stale.length) {
      reconnect.set(s.name, stale.map((e) => ({ name: e.name, ...(e.ip ? { ip: e.ip } : {}), aliases: e.aliases })));
      p.reasons.push(`${stale.length > 1 ? 'its networks were' : 'its network was'} made again: reconnected on the same address`);
    }
    planned.push(p);
  }

  const orphans: PlannedOrphan[] = [];
  if (!only) {
    for (const [name, c] of seen.containers) {
      if (template.services.some((s) => s.name === name)) continue;
      // A service of the file whose profiles are not active is not "gone from the file".
      const inProfiles = template.profileChoices?.filter((p) => p.services.includes(name)).map((p) => p.name) ?? [];
      const why = inProfiles.length ? `only in profile${inProfiles.length > 1 ? 's' : ''} ${inProfiles.join(', ')}, not active now` : 'not in the file any more';
      orphans.push(
        o.keepOrphans
          ? { service: name, containerId: c.Id, action: 'keep', reasons: [`${why}; kept (--keep-orphans)`] }
          : { service: name, containerId: c.Id, action: 'remove', reasons: [`${why}: its logs are captured, then it is removed`] },
      );
    }
  }

  return {
    plan: {
      stack: o.stack,
      template: template.name,
      ...(o.branch ? { branch: o.branch } : {}),
      networks: nets.planned,
      volumes,
      builds,
      pulls: [...pulls.values()],
      services: planned,
      orphans,
      untouched: [...untouched.keys()],
    },
    networks: nets.make,
    volumeLabels,
    volumeDrivers,
    specs,
    untouched,
    dependsOn,
    images: new Map(template.services.map((s) => [s.name, s.image])),
    files: new Map(template.services.flatMap((s) => (s.files?.length && converging(s) ? [[s.name, s.files] as const] : []))),
    postStart: new Map(template.services.flatMap((s) => (s.postStart?.length && converging(s) ? [[s.name, s.postStart] as const] : []))),
    preStop: new Map(planned.flatMap((p) => {
      const hooks = p.action === 'recreate' || p.ifImageChanges ? hooksOf(seen.containers.get(p.service)?.Labels).preStop : undefined;
      return hooks ? [[p.service, hooks] as const] : [];
    })),
    reconnect,
  };
}

/** The services whose containers `s` names in its create document (volumes_from, service: modes). */
function namedAtCreate(s: ServiceSpec): string[] {
  const of = (mode?: string) => (mode?.startsWith('service:') ? [mode.slice('service:'.length)] : []);
  return [...(s.volumesFrom ?? []).map((v) => v.service), ...of(s.networkMode), ...of(s.runtime?.ipc), ...of(s.runtime?.pid)];
}

function planService(
  s: ServiceSpec,
  ip: string,
  spec: Docker.ContainerCreateOptions,
  current: Docker.ContainerInfo | undefined,
  seen: ObservedStack,
  build: PlannedBuild | undefined,
): PlannedService {
  const base = { service: s.name, ip };
  if (!current) return { ...base, action: 'create', reasons: ['no container yet'] };
  const withId = { ...base, containerId: current.Id };
  if (current.Labels[LABEL.configHash] !== spec.Labels![LABEL.configHash]) {
    const before = decodeConfigFields(current.Labels[LABEL.configFields]);
    const changed = before ? changedFields(before, configFields(spec)) : [];
    return { ...withId, action: 'recreate', reasons: changed.length ? changed.map((f) => `${f} changed`) : ['configuration changed'] };
  }
  if (build?.action === 'build' && build.via === 's2i') {
    return { ...withId, action: 'recreate', reasons: [`image ${s.image} is rebuilt (${build.reasons.join('; ')})`] };
  }
  const image = seen.images.get(s.image);
  if (!build && image && current.ImageID !== image.id) {
    return { ...withId, action: 'recreate', reasons: [`image ${s.image} changed (${short(current.ImageID)} → ${short(image.id)})`] };
  }
  if (!build && !image) {
    // The image is pulled: it is new to this engine, so the container runs another one.
    return { ...withId, action: 'recreate', reasons: [`image ${s.image} is pulled`] };
  }
  // A Dockerfile build runs first; only the image it gives says whether the container changes.
  const dockerfile = build?.via === 'dockerfile';
  const conditional = dockerfile ? { ifImageChanges: true } : {};
  const tail = dockerfile ? ['recreated if the build gives a new image'] : [];
  if (current.State === 'running' || current.State === 'restarting' || current.State === 'paused') {
    return { ...withId, action: 'keep', reasons: [`${current.State}, unchanged`, ...tail], ...conditional };
  }
  return { ...withId, action: 'start', reasons: [`${stateReason(current)}, unchanged`, ...tail], ...conditional };
}
