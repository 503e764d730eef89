// Several networks in the plans, without Docker: `up` makes each network of the file on its own
// subnet, joins external ones that exist (and refuses missing ones), keeps addresses on every
// network across plans, removes networks the file dropped; `start` makes any network that is gone
// again from the containers' labels and reconnects them with every name they had.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { describePlan, planIsEmpty } from '../../shared/api/plan.ts';
import type { BranchyardError } from '../../shared/errors/errors.ts';
import { type Cidr, parseCidr } from '../../shared/net/ipv4.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import type { ObservedNetwork, ObservedStack } from '../../electron/engine/stacks/plan/observeStack.ts';
import { planStart } from '../../electron/engine/stacks/plan/planStart.ts';
import { type ExecutablePlan, type PlanOptions, planUp } from '../../electron/engine/stacks/plan/planUp.ts';

const FILE = `name: shop
services:
  db:
    image: db:1
    x-ip: 10
    networks:
      back:
        aliases: [database]
  api:
    image: api:1
    networks:
      default:
      back:
        ipv4_address: 10.240.7.20
  web:
    image: web:1
    x-ip: 30
networks:
  back:
    internal: true
    ipam: { config: [{ subnet: 10.240.7.0/24 }] }
`;

const OPTS: PlanOptions = { stack: 'shop-main', branch: 'main', file: '/srv/shop.yml', dir: '/srv', startIntervalSupported: false };
const cidr = (t: string) => parseCidr(t) as Cidr;
const template = (text = FILE) => parseStackFile(text, { file: 'shop.yml', vars: {} }).template;
const images = () => new Map(['db:1', 'api:1', 'web:1'].map((r) => [r, { id: `sha256:${r}`, labels: {} }] as const));

function empty(external: ObservedNetwork[] = []): ObservedStack {
  return {
    containers: new Map(), networks: [], external: new Map(external.map((n) => [n.name, n])), usedSubnets: external.flatMap((n) => (n.subnet ? [n.subnet] : [])),
    volumes: new Set(), images: images(), commits: new Map(),
  };
}

/** The engine once `x` ran: its networks made (ids net-<name>), its containers running (or `state`). */
function after(x: ExecutablePlan, state = 'running', before = empty()): ObservedStack {
  const containers = new Map<string, Docker.ContainerInfo>();
  for (const [name, spec] of x.specs) {
    const endpoints = Object.fromEntries(Object.keys(spec.NetworkingConfig!.EndpointsConfig!).map((n) => [n, { NetworkID: `net-${n}` }]));
    containers.set(name, {
      Id: `id-${name}`, Names: [`/${spec.name}`], Image: spec.Image!, ImageID: `sha256:${spec.Image}`, Labels: spec.Labels!, State: state,
      Status: state === 'running' ? 'Up 1 second' : 'Exited (0) 2 seconds ago', Created: 1, NetworkSettings: { Networks: endpoints },
    } as unknown as Docker.ContainerInfo);
  }
  const own = x.plan.networks.filter((n) => n.action === 'create' || n.action === 'keep');
  const networks = own.map((n) => ({ id: `net-${n.name}`, name: n.name, network: n.network, subnet: cidr(n.subnet!), ...(n.internal ? { internal: true } : {}) }));
  return { ...before, containers, networks, usedSubnets: [...before.usedSubnets, ...networks.map((n) => n.subnet)] };
}

test('each network of the file is made on its own subnet: the first from the pool, back on its ipam subnet, internal', () => {
  const x = planUp(template(), empty(), OPTS);
  assert.deepEqual(x.plan.networks.map((n) => [n.network, n.name, n.action, n.internal]), [
    ['default', 'shop-main_default', 'create', undefined],
    ['back', 'shop-main_back', 'create', true],
  ]);
  assert.match(x.plan.networks[0].subnet!, /^10\.210\.\d+\.0\/24$/);
  assert.equal(x.plan.networks[1].subnet, '10.240.7.0/24');
  assert.deepEqual(x.networks.map((n) => [n.name, n.fromPool, n.internal, n.labels[LABEL.network], n.labels[LABEL.subnet], n.labels[LABEL.stack]]), [
    ['shop-main_default', true, undefined, 'default', x.plan.networks[0].subnet, 'shop-main'],
    ['shop-main_back', false, true, 'back', '10.240.7.0/24', 'shop-main'],
  ]);
  const first = x.plan.networks[0].subnet!.replace('.0/24', '');
  const api = x.plan.services.find((s) => s.service === 'api')!;
  assert.deepEqual([api.ip, api.addresses], [`${first}.100`, [{ network: 'default', ip: `${first}.100` }, { network: 'back', ip: '10.240.7.20' }]]);
  // db is only on back: its x-ip is its address there.
  assert.equal(x.plan.services.find((s) => s.service === 'db')!.ip, '10.240.7.10');
  assert.deepEqual(x.specs.get('api')!.NetworkingConfig!.EndpointsConfig, {
    'shop-main_default': { IPAMConfig: { IPv4Address: `${first}.100` }, Aliases: ['api'] },
    'shop-main_back': { IPAMConfig: { IPv4Address: '10.240.7.20' }, Aliases: ['api'] },
  });
  assert.equal(x.specs.get('api')!.Labels![LABEL.subnet], x.plan.networks[0].subnet);
  const lines = describePlan(x.plan);
  assert.ok(lines.includes('create    network shop-main_back 10.240.7.0/24  (internal: no way out of it)'), lines.join('\n'));
  assert.ok(lines.includes(`create    service api on ${first}.100 (default), 10.240.7.20 (back)  (no container yet)`), lines.join('\n'));
});

test('two networks from the pool get two subnets, the same ones at every plan, and none the engine uses', () => {
  const text = FILE.replace('    ipam: { config: [{ subnet: 10.240.7.0/24 }] }\n', '').replace('        ipv4_address: 10.240.7.20\n', '        aliases: [api.back]\n');
  const a = planUp(template(text), empty(), OPTS);
  const b = planUp(template(text), empty(), OPTS);
  assert.deepEqual(a.plan.networks.map((n) => n.subnet), b.plan.networks.map((n) => n.subnet));
  assert.notEqual(a.plan.networks[0].subnet, a.plan.networks[1].subnet);
  const taken = empty();
  taken.usedSubnets = [cidr(a.plan.networks[1].subnet!)];
  const c = planUp(template(text), taken, OPTS);
  assert.notEqual(c.plan.networks[1].subnet, a.plan.networks[1].subnet);
  assert.notEqual(c.plan.networks[1].subnet, c.plan.networks[0].subnet);
});

test('an unchanged file keeps every network and container; addresses stay on every network', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(), after(first), OPTS);
  assert.deepEqual(x.plan.networks.map((n) => n.action), ['keep', 'keep']);
  assert.ok(planIsEmpty(x.plan), describePlan(x.plan).join('\n'));
  assert.deepEqual(x.plan.services.map((s) => s.addresses ?? s.ip), first.plan.services.map((s) => s.addresses ?? s.ip));
  // A changed address on the second network recreates that service only, on its new address there.
  const moved = planUp(template(FILE.replace('10.240.7.20', '10.240.7.21')), after(first), OPTS);
  assert.deepEqual(moved.plan.services.map((s) => [s.service, s.action]), [['db', 'keep'], ['api', 'recreate'], ['web', 'keep']]);
  assert.deepEqual(moved.plan.services[1].reasons, ['network or IP changed']);
});

test('an external network is joined when it exists, refused with what to do when it does not', () => {
  const text = `${FILE}  proxy:\n    external: true\n    name: traefik_proxy\n`.replace('    image: web:1\n', '    image: web:1\n    networks: [default, proxy]\n');
  assert.throws(
    () => planUp(template(text), empty(), OPTS),
    (e: BranchyardError) => e.kind === 'not-found' && e.message === "external network 'traefik_proxy' (networks.proxy of the file) does not exist: create it with docker network create traefik_proxy, or drop external: true to let the stack make its own",
  );
  const proxy = { id: 'p1', name: 'traefik_proxy', subnet: cidr('172.30.0.0/24') };
  const x = planUp(template(text), empty([proxy]), OPTS);
  assert.deepEqual(x.plan.networks.map((n) => [n.name, n.action, n.subnet]).at(-1), ['traefik_proxy', 'external', '172.30.0.0/24']);
  assert.ok(!x.networks.some((n) => n.name === 'traefik_proxy'), 'an external network is never made');
  assert.deepEqual(x.specs.get('web')!.NetworkingConfig!.EndpointsConfig!.traefik_proxy, { Aliases: ['web'] });
  assert.ok(describePlan(x.plan).includes('join      network traefik_proxy 172.30.0.0/24  (external network proxy of the file)'));
  // An address of the file on it must be inside its subnet.
  const fixed = text.replace('    networks: [default, proxy]\n', '    networks:\n      default:\n      proxy: { ipv4_address: 172.31.0.5 }\n');
  assert.throws(() => planUp(template(fixed), empty([proxy]), OPTS), /service 'web': 172\.31\.0\.5 is outside 172\.30\.0\.0\/24, the subnet of external network traefik_proxy/);
  // Kept after an up: it stays 'external', and an unchanged stack plans nothing.
  const again = planUp(template(text), after(x, 'running', empty([proxy])), OPTS);
  assert.ok(planIsEmpty(again.plan), describePlan(again.plan).join('\n'));
});

test('a network the file no longer has is removed after the services converge, unless orphans are kept', () => {
  const first = planUp(template(), empty(), OPTS);
  const oneNetwork = `name: shop\nservices:\n  db: { image: db:1, x-ip: 10 }\n  api: { image: api:1 }\n  web: { image: web:1, x-ip: 30 }\n`;
  const x = planUp(template(oneNetwork), after(first), OPTS);
  assert.deepEqual(x.plan.networks.map((n) => [n.name, n.action]), [['shop-main_default', 'keep'], ['shop-main_back', 'remove']]);
  assert.ok(describePlan(x.plan).includes('remove    network shop-main_back 10.240.7.0/24  (not in the file any more)'));
  assert.deepEqual(planUp(template(oneNetwork), after(first), { ...OPTS, keepOrphans: true }).plan.networks.map((n) => n.action), ['keep']);
  assert.deepEqual(planUp(template(oneNetwork), after(first), { ...OPTS, only: ['web'] }).plan.networks.map((n) => n.action), ['keep']);
});

test('a network that exists with another internal setting or subnet is refused: it cannot change in place', () => {
  const first = planUp(template(), empty(), OPTS);
  assert.throws(
    () => planUp(template(FILE.replace('    internal: true\n', '')), after(first), OPTS),
    /network shop-main_back of stack shop-main is internal, and the file says internal: false: a network cannot change that; take the stack down first/,
  );
  assert.throws(
    () => planUp(template(FILE.replace('10.240.7.0/24', '10.240.8.0/24').replace('10.240.7.20', '10.240.8.20')), after(first), OPTS),
    /stack shop-main runs network shop-main_back on 10\.240\.7\.0\/24 but the file asks for 10\.240\.8\.0\/24: take the stack down first to move it/,
  );
});

test('up: stopped containers whose networks were made again are reconnected on each, with their names there', () => {
  const first = planUp(template(), empty(), OPTS);
  const gone = after(first, 'exited');
  gone.networks = [];
  gone.usedSubnets = [];
  const x = planUp(template(), gone, OPTS);
  assert.deepEqual(x.plan.networks.map((n) => n.action), ['create', 'create']);
  const ip = first.plan.services.find((s) => s.service === 'api')!.ip;
  assert.deepEqual(x.reconnect.get('api'), [{ name: 'shop-main_default', ip, aliases: ['api'] }, { name: 'shop-main_back', ip: '10.240.7.20', aliases: ['api'] }]);
  assert.deepEqual(x.reconnect.get('db'), [{ name: 'shop-main_back', ip: '10.240.7.10', aliases: ['db', 'database'] }]);
  assert.ok(x.plan.services[1].reasons.includes('its networks were made again: reconnected on the same address'));
});

test('start: networks that are gone are made again from the labels, on their subnets, and containers reconnected with their aliases', () => {
  const first = planUp(template(), empty(), OPTS);
  const stopped = after(first, 'exited');
  const seen = { containers: stopped.containers, networks: [], external: new Map(), usedSubnets: [] };
  const x = planStart(seen, { stack: 'shop-main' });
  assert.deepEqual(x.plan.networks.map((n) => [n.network, n.name, n.subnet, n.action, n.internal]), [
    ['default', 'shop-main_default', first.plan.networks[0].subnet, 'create', undefined],
    ['back', 'shop-main_back', '10.240.7.0/24', 'create', true],
  ]);
  assert.deepEqual(x.networks.map((n) => [n.name, n.internal, n.labels[LABEL.network], n.labels[LABEL.subnet]]), [
    ['shop-main_default', undefined, 'default', first.plan.networks[0].subnet],
    ['shop-main_back', true, 'back', '10.240.7.0/24'],
  ]);
  // The alias of db on back (the fix: a network made again used to get the service name alone).
  assert.deepEqual(x.reconnect.get('db'), [{ name: 'shop-main_back', ip: '10.240.7.10', aliases: ['db', 'database'] }]);
  assert.deepEqual(x.plan.services.find((s) => s.service === 'api')!.addresses, [
    { network: 'default', ip: first.plan.services.find((s) => s.service === 'api')!.ip },
    { network: 'back', ip: '10.240.7.20' },
  ]);
  // One network still there: only the other is made again, and only it is reconnected.
  const half = { ...seen, networks: [{ id: 'net-shop-main_default', name: 'shop-main_default', network: 'default', subnet: cidr(first.plan.networks[0].subnet!) }] };
  const y = planStart(half, { stack: 'shop-main' });
  assert.deepEqual(y.plan.networks.map((n) => n.action), ['keep', 'create']);
  assert.deepEqual(y.reconnect.get('api')!.map((r) => r.name), ['shop-main_back']);
});

test('start: an external network that is gone is an error that says what to do', () => {
  const text = `${FILE}  proxy: { external: true }\n`.replace('    image: web:1\n', '    image: web:1\n    networks: [default, proxy]\n');
  const proxy = { id: 'p1', name: 'proxy', subnet: cidr('172.30.0.0/24') };
  const x = planUp(template(text), empty([proxy]), OPTS);
  const stopped = after(x, 'exited', empty([proxy]));
  assert.doesNotThrow(() => planStart({ ...stopped }, { stack: 'shop-main' }));
  assert.throws(() => planStart({ ...stopped, external: new Map() }, { stack: 'shop-main' }), /external network proxy of stack shop-main is gone: create it again \(docker network create proxy\), then start the stack/);
});

test('a stopped container is reconnected to an external network its owner made again, with the engine\'s address there', () => {
  const text = `${FILE}  proxy: { external: true }\n`.replace('    image: web:1\n', '    image: web:1\n    networks: [default, proxy]\n');
  const proxy = { id: 'p1', name: 'proxy', subnet: cidr('172.30.0.0/24') };
  const first = planUp(template(text), empty([proxy]), OPTS);
  const stopped = after(first, 'exited', empty([proxy]));
  // Made again by its owner: another id.
  stopped.external = new Map([['proxy', { ...proxy, id: 'p2' }]]);
  const x = planUp(template(text), stopped, OPTS);
  assert.deepEqual(x.reconnect.get('web')?.find((r) => r.name === 'proxy'), { name: 'proxy', aliases: ['web'] });
  const y = planStart({ containers: stopped.containers, networks: stopped.networks, external: stopped.external, usedSubnets: [] }, { stack: 'shop-main' });
  assert.deepEqual(y.reconnect.get('web')?.map((r) => r.name), ['proxy'], 'only the network made again');
});
