// Plan of a start: a pure function from the stack's containers and networks, as the engine lists
// them, to the same executable plan `up` runs (execute/executeUp.ts), with 'start' or 'keep' for
// each service and nothing built, pulled or created but networks. It needs no stack file:
// everything comes from labels, so a stack stopped by an engine restart starts again even when
// its file has moved. A network that is gone is made again on the subnet the containers' labels
// name, and the stopped containers are reconnected to it on their own addresses and names.

import type Docker from 'dockerode';
import type { PlannedNetwork, PlannedService } from '../../../../shared/api/plan.ts';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr } from '../../../../shared/net/ipv4.ts';
import { type ServiceState, completedOneShots } from '../../../../shared/stack/status.ts';
import { LABEL, decodeDependsOn } from '../../docker/labels.ts';
import { hooksOf } from '../lifecycleHooks.ts';
import { listedExitCode } from '../serviceFailure.ts';
import { type EndpointRecord, decodeEndpointRecords } from '../../networks/serviceEndpoints.ts';
import { networkName } from '../../networks/stackNetwork.ts';
import type { ObservedNetwork } from './observeStack.ts';
import type { NetworkToMake } from './planNetworks.ts';
import { type ExecutablePlan, type Reconnect, dependencyOrder, onStaleNetwork } from './planUp.ts';

export interface ObservedContainers {
  /** The stack's containers by service name (the newest if there are several). */
  containers: Map<string, Docker.ContainerInfo>;
  /** The stack's own networks. */
  networks: ObservedNetwork[];
  /** Every other network of the engine, by name (the external ones the containers are on). */
  external: Map<string, ObservedNetwork>;
  /** Every IPv4 subnet of every engine network (a network made again must overlap none). */
  usedSubnets: Cidr[];
}

export interface StartPlanOptions {
  stack: string;
  /** Start these (and the stopped services they depend on); default: every service. */
  services?: string[];
}

const RUNNING = new Set(['running', 'restarting']);

/**
 * The networks a container is on, from its label; for one made before the label, the stack's
 * one network with the address and subnet of the older labels (the executor adds the names the
 * engine kept for it when it reconnects the container).
 */
function recordsOf(stack: string, service: string, c: Docker.ContainerInfo): EndpointRecord[] {
  const records = decodeEndpointRecords(c.Labels?.[LABEL.networks]);
  if (records) return records;
  const name = networkName(stack);
  const endpoint = c.NetworkSettings?.Networks?.[name] as { IPAMConfig?: { IPv4Address?: string } } | undefined;
  const ip = c.Labels?.[LABEL.ip] || endpoint?.IPAMConfig?.IPv4Address || '';
  const subnet = c.Labels?.[LABEL.subnet];
  return [{ network: 'default', name, ...(subnet ? { subnet } : {}), ...(ip ? { ip } : {}), aliases: [service] }];
}

/** The subnet to make a gone network again on: the one every container's label names for it. */
function subnetFromLabels(stack: string, name: string, records: EndpointRecord[], used: Cidr[]): Cidr {
  const what = name === networkName(stack) ? `the network of stack ${stack}` : `network ${name} of stack ${stack}`;
  const texts = [...new Set(records.map((r) => r.subnet).filter((t): t is string => Boolean(t)))];
  if (texts.length !== 1) {
    const why = texts.length ? `its containers name ${texts.length} subnets (${texts.join(', ')})` : 'no container of it names its subnet';
    throw new BranchyardError('not-found', `${what} is gone and ${why}: take it down and bring it up again`);
  }
  const subnet = parseCidr(texts[0]!);
  if ('error' in subnet) throw new BranchyardError('engine', `stack ${stack}: subnet label ${texts[0]}: ${subnet.error}`);
  if (used.some((u) => cidrsOverlap(u, subnet))) {
    throw new BranchyardError('engine', `${what} is gone and another network now uses its subnet ${texts[0]}: take the stack down and bring it up again`);
  }
  return subnet;
}

export function planStart(seen: ObservedContainers, o: StartPlanOptions): ExecutablePlan {
  const all = [...seen.containers.values()];
  if (all.length === 0) throw new BranchyardError('not-found', `no stack named '${o.stack}' with containers (see branchyard ls)`);
  const services = [...seen.containers.entries()].map(([name, c]) => ({ name, c, dependsOn: decodeDependsOn(c.Labels?.[LABEL.dependsOn]), records: recordsOf(o.stack, name, c) }));
  const byName = new Map(services.map((s) => [s.name, s]));

  const unknown = (o.services ?? []).filter((s) => !byName.has(s));
  if (unknown.length) {
    throw BranchyardError.invalid(unknown.map((s) => ({ field: 'SERVICE', service: s, message: `stack '${o.stack}' has no container of service '${s}'` })));
  }
  // A one-shot that completed is not run again unless asked for by name (a migration or a seed
  // must not run twice by accident).
  const completed = completedOneShots(services.map((s) => ({ name: s.name, dependsOn: s.dependsOn, state: s.c.State as ServiceState, exitCode: listedExitCode(s.c.Status) })));
  const done = (name: string) => completed.has(name);
  // What is asked for, and every stopped service it needs (a dependency the user stopped is
  // started again first, as `up` would): transitively.
  const asked = new Set(o.services?.length ? o.services : []);
  const selected = new Set<string>();
  const pullIn = (name: string) => {
    if (selected.has(name)) return;
    selected.add(name);
    for (const dep of Object.keys(byName.get(name)?.dependsOn ?? {})) {
      const d = byName.get(dep);
      if (d && !RUNNING.has(d.c.State) && !done(dep)) pullIn(dep);
    }
  };
  for (const name of asked.size ? asked : byName.keys()) if (asked.has(name) || !done(name)) pullIn(name);

  // The newest container says what the stack is now: a network made again carries that.
  const newest = [...all].sort((a, b) => b.Created - a.Created)[0]!.Labels ?? {};
  const keep = [LABEL.stack, LABEL.template, LABEL.file, LABEL.branch, LABEL.services];
  const stackLabels = Object.fromEntries(keep.filter((k) => newest[k] !== undefined).map((k) => [k, newest[k]!]));

  // Every network a container is on, the stack's first network first (the one of its labels).
  const byNetwork = new Map<string, EndpointRecord[]>();
  for (const s of services) for (const r of s.records) byNetwork.set(r.name, [...(byNetwork.get(r.name) ?? []), r]);
  const networks: PlannedNetwork[] = [];
  const make: NetworkToMake[] = [];
  const ids = new Map<string, string | undefined>();
  const isFirst = ([, records]: [string, EndpointRecord[]]) => records.some((r) => !r.external && r.subnet === newest[LABEL.subnet]);
  for (const [name, records] of [...byNetwork].sort((a, b) => Number(isFirst(b)) - Number(isFirst(a)))) {
    const r = records[0]!;
    if (r.external) {
      const there = seen.external.get(name);
      if (!there) throw new BranchyardError('not-found', `external network ${name} of stack ${o.stack} is gone: create it again (docker network create ${name}), then start the stack`);
      ids.set(name, there.id);
      networks.push({ network: r.network, name, ...(there.subnet ? { subnet: formatCidr(there.subnet) } : {}), action: 'external' });
      continue;
    }
    const there = seen.networks.find((n) => n.name === name);
    if (there) {
      if (!there.subnet) throw new BranchyardError('engine', `network ${there.name} of stack ${o.stack} has no IPv4 subnet`);
      ids.set(name, there.id);
      networks.push({ network: r.network, name, subnet: formatCidr(there.subnet), action: 'keep', ...(there.internal ? { internal: true } : {}) });
      continue;
    }
    const subnet = subnetFromLabels(o.stack, name, records, [...seen.usedSubnets, ...make.map((m) => m.subnet)]);
    const internal = records.some((x) => x.internal);
    ids.set(name, undefined);
    networks.push({ network: r.network, name, subnet: formatCidr(subnet), action: 'create', ...(internal ? { internal: true } : {}) });
    make.push({
      name,
      network: r.network,
      subnet,
      fromPool: false,
      labels: { ...stackLabels, [LABEL.subnet]: formatCidr(subnet), [LABEL.network]: r.network },
      ...(internal ? { internal: true } : {}),
    });
  }

  const planned: PlannedService[] = [];
  const untouched = new Map<string, string>();
  const reconnect = new Map<string, Reconnect[]>();
  for (const s of dependencyOrder(services)) {
    if (!selected.has(s.name)) {
      untouched.set(s.name, s.c.Id);
      continue;
    }
    const ip = s.records[0]?.ip ?? '';
    const addresses = s.records.length > 1 ? { addresses: s.records.map((r) => ({ network: r.network, ip: r.ip ?? '' })) } : {};
    const base = { service: s.name, ip, ...addresses, containerId: s.c.Id };
    if (RUNNING.has(s.c.State) || s.c.State === 'paused') {
      planned.push({ ...base, action: 'keep', reasons: [s.c.State] });
      continue;
    }
    const status = s.c.Status.toLowerCase();
    const p: PlannedService = { ...base, action: 'start', reasons: [status && status !== s.c.State ? `${s.c.State} (${status})` : s.c.State] };
    const stale = s.records.filter((r) => onStaleNetwork(s.c, r.name, ids.get(r.name)));
    if (stale.length) {
      reconnect.set(s.name, stale.map((r) => ({ name: r.name, ...(r.ip ? { ip: r.ip } : {}), aliases: r.aliases })));
      p.reasons.push(`${stale.length > 1 ? 'its networks were' : 'its network was'} made again: reconnected on the same address`);
    }
    planned.push(p);
  }

  return {
    plan: {
      stack: o.stack,
      template: newest[LABEL.template] ?? '',
      ...(newest[LABEL.branch] ? { branch: newest[LABEL.branch] } : {}),
      networks,
      volumes: [],
      builds: [],
      pulls: [],
      services: planned,
      orphans: [],
      untouched: [...untouched.keys()],
    },
    networks: make,
    volumeLabels: {},
    volumeDrivers: {},
    specs: new Map(),
    untouched,
    dependsOn: new Map(services.map((s) => [s.name, s.dependsOn])),
    images: new Map(services.map((s) => [s.name, s.c.Image])),
    // Nothing is created: the containers have their secrets and configs written in already.
    files: new Map(),
    postStart: new Map(planned.flatMap((p) => {
      const hooks = p.action === 'start' ? hooksOf(byName.get(p.service)?.c.Labels).postStart : undefined;
      return hooks ? [[p.service, hooks] as const] : [];
    })),
    preStop: new Map(),
    reconnect,
  };
}
