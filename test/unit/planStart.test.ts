// The start planner without Docker: containers as the engine lists them (labels, state, the
// network they name) in, the executable plan out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import type { BranchyardError } from '../../shared/errors/errors.ts';
import { parseCidr, type Cidr } from '../../shared/net/ipv4.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { type ObservedContainers, planStart } from '../../electron/engine/stacks/plan/planStart.ts';

const STACK = 'shop-main';
const NET = `${STACK}_default`;
const cidr = (t: string) => parseCidr(t) as Cidr;

function container(service: string, o: { state?: string; status?: string; deps?: string; ip: string; networkId?: string; subnet?: string; created?: number }): Docker.ContainerInfo {
  return {
    Id: `id-${service}`,
    Names: [`/${STACK}-${service}`],
    Image: 'branchyard-test/app:latest',
    Created: o.created ?? 1,
    State: o.state ?? 'exited',
    Status: o.status ?? (o.state === 'running' ? 'Up 2 minutes' : 'Exited (0) 5 minutes ago'),
    Labels: {
      [LABEL.stack]: STACK,
      [LABEL.service]: service,
      [LABEL.template]: 'shop',
      [LABEL.file]: '/srv/shop.yml',
      [LABEL.ip]: o.ip,
      [LABEL.dependsOn]: o.deps ?? '',
      [LABEL.services]: 'db,cache,migrate,web',
      ...(o.subnet === undefined ? { [LABEL.subnet]: '10.9.0.0/24' } : o.subnet ? { [LABEL.subnet]: o.subnet } : {}),
    },
    NetworkSettings: { Networks: { [NET]: { NetworkID: o.networkId ?? 'net-1', IPAMConfig: { IPv4Address: o.ip } } } },
  } as unknown as Docker.ContainerInfo;
}

/** `null`: the stack's network is gone. */
function seen(containers: Docker.ContainerInfo[], net: ObservedContainers['networks'][number] | null = { id: 'net-1', name: NET, subnet: cidr('10.9.0.0/24') }): ObservedContainers {
  const networks = net ? [net] : [];
  return { containers: new Map(containers.map((c) => [c.Labels[LABEL.service]!, c])), networks, external: new Map(), usedSubnets: net?.subnet ? [net.subnet] : [] };
}

const stack = () => [
  container('db', { ip: '10.9.0.10' }),
  container('cache', { ip: '10.9.0.11', state: 'running' }),
  // Stopped midway by an engine restart: not done, so it runs again.
  container('migrate', { ip: '10.9.0.12', deps: 'db:service_healthy', status: 'Exited (143) 5 minutes ago' }),
  container('web', { ip: '10.9.0.20', deps: 'db:service_healthy,cache:service_started,migrate:service_completed_successfully' }),
];

test('a stopped stack starts in dependency order; what runs is kept; IPs are the labelled ones', () => {
  const x = planStart(seen(stack()), { stack: STACK });
  assert.deepEqual(
    x.plan.services.map((s) => [s.service, s.action, s.ip]),
    [
      ['db', 'start', '10.9.0.10'],
      ['cache', 'keep', '10.9.0.11'],
      ['migrate', 'start', '10.9.0.12'],
      ['web', 'start', '10.9.0.20'],
    ],
  );
  assert.deepEqual(x.plan.networks.map((n) => n.action), ['keep']);
  assert.deepEqual(x.dependsOn.get('web'), { db: 'service_healthy', cache: 'service_started', migrate: 'service_completed_successfully' });
  assert.equal(x.reconnect.size, 0);
  assert.deepEqual(x.plan.builds, []);
  assert.deepEqual(x.plan.pulls, []);
});

test('one service starts with the stopped services it depends on, and waits on the running ones', () => {
  const x = planStart(seen(stack()), { stack: STACK, services: ['web'] });
  assert.deepEqual(x.plan.services.map((s) => s.service), ['db', 'migrate', 'web']);
  assert.deepEqual([...x.untouched.keys()], ['cache']);
});

test('a one-shot that completed is not run again, unless asked for by name', () => {
  const c = stack();
  c[2] = container('migrate', { ip: '10.9.0.12', deps: 'db:service_healthy', status: 'Exited (0) 1 hour ago' });
  const all = planStart(seen(c), { stack: STACK });
  assert.ok(!all.plan.services.some((s) => s.service === 'migrate'), 'migrate is done');
  assert.ok(all.untouched.has('migrate'), 'web still waits on it');
  const asked = planStart(seen(c), { stack: STACK, services: ['migrate'] });
  assert.deepEqual(asked.plan.services.map((s) => [s.service, s.action]), [['db', 'start'], ['migrate', 'start']]);
  // One that failed is no "done": it runs again.
  c[2] = container('migrate', { ip: '10.9.0.12', deps: 'db:service_healthy', status: 'Exited (1) 1 hour ago' });
  assert.ok(planStart(seen(c), { stack: STACK }).plan.services.some((s) => s.service === 'migrate' && s.action === 'start'));
});

test('a network that is gone is made again on the subnet of the labels, and stopped containers are reconnected', () => {
  const x = planStart(seen(stack(), null), { stack: STACK });
  assert.deepEqual(x.plan.networks.map((n) => [n.action, n.name, n.subnet]), [['create', NET, '10.9.0.0/24']]);
  assert.equal(x.networks[0].labels[LABEL.subnet], '10.9.0.0/24');
  assert.equal(x.networks[0].labels[LABEL.stack], STACK);
  assert.equal(x.networks[0].labels[LABEL.network], 'default');
  assert.deepEqual(x.reconnect.get('web'), [{ name: NET, ip: '10.9.0.20', aliases: ['web'] }]);
  assert.ok(x.plan.services.find((s) => s.service === 'web')!.reasons.some((r) => /reconnected/.test(r)));
});

test('a container that never ran names no network id: it starts without reconnecting', () => {
  const c = stack();
  c[3] = container('web', { ip: '10.9.0.20', state: 'created', status: 'Created', networkId: '' });
  const x = planStart(seen(c, null), { stack: STACK });
  assert.ok(!x.reconnect.has('web'));
  assert.ok(x.reconnect.has('db'));
  assert.equal(x.plan.services.find((s) => s.service === 'web')!.action, 'start');
});

test('a network made again by someone else (another id) also means reconnecting', () => {
  const x = planStart(seen(stack(), { id: 'net-2', name: NET, subnet: cidr('10.9.0.0/24') }), { stack: STACK });
  assert.deepEqual(x.plan.networks.map((n) => n.action), ['keep']);
  assert.deepEqual([...x.reconnect.keys()].sort(), ['db', 'migrate', 'web']);
});

test('without a subnet label, or with its subnet taken, a gone network is an error that says what to do', () => {
  const bare = stack().map((c) => ({ ...c, Labels: Object.fromEntries(Object.entries(c.Labels).filter(([k]) => k !== LABEL.subnet)) }));
  assert.throws(() => planStart(seen(bare, null), { stack: STACK }), /network of stack shop-main is gone and no container of it names its subnet: take it down/);
  const taken = { ...seen(stack(), null), usedSubnets: [cidr('10.9.0.0/16')] };
  assert.throws(() => planStart(taken, { stack: STACK }), /another network now uses its subnet 10\.9\.0\.0\/24/);
});

test('an unknown service and an empty stack are refused before anything changes', () => {
  assert.throws(
    () => planStart(seen(stack()), { stack: STACK, services: ['nope'] }),
    (e: BranchyardError) => e.kind === 'invalid-input' && /has no container of service 'nope'/.test(e.message),
  );
  assert.throws(() => planStart(seen([]), { stack: STACK }), (e: BranchyardError) => e.kind === 'not-found');
});
