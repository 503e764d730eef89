// Plan of a start: a pure function from the stack's containers and network, as the engine lists
// them, to the same executable plan `up` runs (execute/executeUp.ts), with 'start' or 'keep' for
// each service and nothing built, pulled or created but the network. It needs no stack file:
// everything comes from labels, so a stack stopped by an engine restart starts again even when
// its file has moved. The network, if it is gone, is made again on the subnet the containers'
// labels name, and the stopped containers are reconnected to it on their own addresses.

import type Docker from 'dockerode';
import type { PlannedService } from '../../../../shared/api/plan.ts';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr } from '../../../../shared/net/ipv4.ts';
import { type ServiceState, completedOneShots } from '../../../../shared/stack/status.ts';
import { LABEL, decodeDependsOn } from '../../docker/labels.ts';
import { listedExitCode } from '../serviceFailure.ts';
import { networkName } from '../../networks/stackNetwork.ts';
import type { ObservedNetwork } from './observeStack.ts';
import { type ExecutablePlan, dependencyOrder, onStaleNetwork } from './planUp.ts';

export interface ObservedContainers {
  /** The stack's containers by service name (the newest if there are several). */
  containers: Map<string, Docker.ContainerInfo>;
  network?: ObservedNetwork;
  /** Every IPv4 subnet of every engine network (a network made again must overlap none). */
  usedSubnets: Cidr[];
}

export interface StartPlanOptions {
  stack: string;
  /** Start these (and the stopped services they depend on); default: every service. */
  services?: string[];
}

const RUNNING = new Set(['running', 'restarting']);

function ipOf(c: Docker.ContainerInfo, network: string): string {
  const endpoint = c.NetworkSettings?.Networks?.[network] as { IPAMConfig?: { IPv4Address?: string } } | undefined;
  return c.Labels?.[LABEL.ip] || endpoint?.IPAMConfig?.IPv4Address || '';
}

function subnetFromLabels(stack: string, containers: Docker.ContainerInfo[], used: Cidr[]): Cidr {
  const texts = [...new Set(containers.map((c) => c.Labels?.[LABEL.subnet]).filter((t): t is string => Boolean(t)))];
  if (texts.length !== 1) {
    const why = texts.length ? `its containers name ${texts.length} subnets (${texts.join(', ')})` : 'no container of it names its subnet';
    throw new BranchyardError('not-found', `the network of stack ${stack} is gone and ${why}: take it down and bring it up again`);
  }
  const subnet = parseCidr(texts[0]!);
  if ('error' in subnet) throw new BranchyardError('engine', `stack ${stack}: subnet label ${texts[0]}: ${subnet.error}`);
  if (used.some((u) => cidrsOverlap(u, subnet))) {
    throw new BranchyardError('engine', `the network of stack ${stack} is gone and another network now uses its subnet ${texts[0]}: take the stack down and bring it up again`);
  }
  return subnet;
}

export function planStart(seen: ObservedContainers, o: StartPlanOptions): ExecutablePlan {
  const all = [...seen.containers.values()];
  if (all.length === 0) throw new BranchyardError('not-found', `no stack named '${o.stack}' with containers (see branchyard ls)`);
  const net = seen.network?.name ?? networkName(o.stack);
  const services = [...seen.containers.entries()].map(([name, c]) => ({ name, c, dependsOn: decodeDependsOn(c.Labels?.[LABEL.dependsOn]) }));
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

  let subnet: Cidr;
  let action: 'create' | 'keep' = 'keep';
  if (seen.network) {
    if (!seen.network.subnet) throw new BranchyardError('engine', `network ${seen.network.name} of stack ${o.stack} has no IPv4 subnet`);
    subnet = seen.network.subnet;
  } else {
    subnet = subnetFromLabels(o.stack, all, seen.usedSubnets);
    action = 'create';
  }

  const planned: PlannedService[] = [];
  const untouched = new Map<string, string>();
  const reconnect = new Map<string, { ip: string; aliases: string[] }>();
  for (const s of dependencyOrder(services)) {
    if (!selected.has(s.name)) {
      untouched.set(s.name, s.c.Id);
      continue;
    }
    const ip = ipOf(s.c, net);
    const base = { service: s.name, ip, containerId: s.c.Id };
    if (RUNNING.has(s.c.State) || s.c.State === 'paused') {
      planned.push({ ...base, action: 'keep', reasons: [s.c.State] });
      continue;
    }
    const status = s.c.Status.toLowerCase();
    const p: PlannedService = { ...base, action: 'start', reasons: [status && status !== s.c.State ? `${s.c.State} (${status})` : s.c.State] };
    if (onStaleNetwork(s.c, net, seen.network?.id)) {
      reconnect.set(s.name, { ip, aliases: [s.name] });
      p.reasons.push('its network was made again: reconnected on the same address');
    }
    planned.push(p);
  }

  // The network made again carries what the newest container says of the stack.
  const newest = [...all].sort((a, b) => b.Created - a.Created)[0]!.Labels ?? {};
  const keep = [LABEL.stack, LABEL.template, LABEL.file, LABEL.branch, LABEL.services];
  const networkLabels = Object.fromEntries(keep.filter((k) => newest[k] !== undefined).map((k) => [k, newest[k]!]));
  networkLabels[LABEL.subnet] = formatCidr(subnet);

  return {
    plan: {
      stack: o.stack,
      template: newest[LABEL.template] ?? '',
      ...(newest[LABEL.branch] ? { branch: newest[LABEL.branch] } : {}),
      network: { name: net, subnet: formatCidr(subnet), action },
      volumes: [],
      builds: [],
      pulls: [],
      services: planned,
      orphans: [],
      untouched: [...untouched.keys()],
    },
    subnet,
    subnetFromPool: false,
    networkLabels,
    volumeLabels: {},
    volumeDrivers: {},
    specs: new Map(),
    untouched,
    dependsOn: new Map(services.map((s) => [s.name, s.dependsOn])),
    images: new Map(services.map((s) => [s.name, s.c.Image])),
    reconnect,
  };
}
