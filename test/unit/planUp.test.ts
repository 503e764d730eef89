// The planner without Docker: observed states are built from what an earlier plan would have
// created, exactly as the engine would report it back (labels, image id, state).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { describePlan, planIsEmpty } from '../../shared/api/plan.ts';
import { type Cidr, parseCidr } from '../../shared/net/ipv4.ts';
import type { BranchyardError } from '../../shared/errors/errors.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';
import type { StackTemplate } from '../../shared/stack/model.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { S2I_LABEL } from '../../electron/engine/build/s2i/builderImage.ts';
import { buildInputsHash } from '../../electron/engine/build/s2i/s2iBuild.ts';
import type { ObservedStack } from '../../electron/engine/stacks/plan/observeStack.ts';
import { type ExecutablePlan, type PlanOptions, dependencyOrder, planUp } from '../../electron/engine/stacks/plan/planUp.ts';

const FILE = `name: shop
volumes: { dbdata: {} }
services:
  db:
    image: branchyard-test/mariadb:10.11
    environment: { MARIADB_ROOT_PASSWORD: root }
    volumes: [dbdata:/var/lib/mysql]
    x-ip: 10
  cache:
    image: branchyard-test/redis:7
    x-ip: 11
  web:
    image: branchyard-test/app:latest
    environment: { DB_HOST: db, MODE: test }
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_started }
    x-ip: 20
`;

const OPTS: PlanOptions = { stack: 'shop-main', branch: 'main', file: '/srv/shop.yml', dir: '/srv', startIntervalSupported: false };
const IMAGE_IDS: Record<string, string> = {
  'branchyard-test/mariadb:10.11': 'sha256:aaaa',
  'branchyard-test/redis:7': 'sha256:bbbb',
  'branchyard-test/app:latest': 'sha256:cccc',
  'branchyard-test/app:v2': 'sha256:dddd',
  'branchyard-test/mariadb:11': 'sha256:eeee',
  'qa/builder:1': 'sha256:b1',
};

function template(text = FILE): StackTemplate {
  return parseStackFile(text, { file: 'shop.yml', vars: {} }).template;
}

function images(extra: Record<string, { id: string; labels: Record<string, string> } | undefined> = {}): ObservedStack['images'] {
  return new Map([...Object.entries(IMAGE_IDS).map(([ref, id]) => [ref, { id, labels: {} }] as const), ...Object.entries(extra)]);
}

/** Nothing there yet. */
function empty(): ObservedStack {
  return { containers: new Map(), networks: [], external: new Map(), usedSubnets: [], volumes: new Set(), images: images(), commits: new Map() };
}

/** The engine after a plan was executed: every planned container exists, in `state`. */
function after(x: ExecutablePlan, state = 'running'): ObservedStack {
  const containers = new Map<string, Docker.ContainerInfo>();
  let created = 1;
  for (const [name, spec] of x.specs) {
    containers.set(name, {
      Id: `id-${name}`,
      Names: [`/${spec.name}`],
      Image: spec.Image!,
      ImageID: IMAGE_IDS[spec.Image!] ?? 'sha256:built',
      Labels: spec.Labels!,
      State: state,
      Status: state === 'running' ? 'Up 1 second' : 'Exited (1) 2 seconds ago',
      Created: created++,
    } as unknown as Docker.ContainerInfo);
  }
  const networks = x.plan.networks.filter((n) => n.action !== 'external' && n.action !== 'remove').map((n, i) => ({ id: `net-${i}`, name: n.name, network: n.network, subnet: parseCidr(n.subnet!) as Cidr, ...(n.internal ? { internal: true } : {}) }));
  return {
    containers,
    networks,
    external: new Map(),
    usedSubnets: networks.map((n) => n.subnet),
    volumes: new Set(x.plan.volumes.map((v) => v.name)),
    images: images(),
    commits: new Map(),
  };
}

const actions = (x: ExecutablePlan) => Object.fromEntries(x.plan.services.map((s) => [s.service, s.action]));

test('a new stack: network and volume created, every service created in dependency order', () => {
  const x = planUp(template(), empty(), OPTS);
  assert.equal(x.plan.networks[0].action, 'create');
  assert.match(x.plan.networks[0].subnet!, /^10\.210\.\d+\.0\/24$/);
  assert.deepEqual(x.plan.volumes, [{ volume: 'dbdata', name: 'shop-main_dbdata', action: 'create' }]);
  assert.deepEqual(actions(x), { db: 'create', cache: 'create', web: 'create' });
  assert.deepEqual(x.plan.services.map((s) => s.service).indexOf('web'), 2, 'web comes after what it depends on');
  assert.equal(x.plan.services.find((s) => s.service === 'web')!.ip, x.plan.networks[0].subnet!.replace('.0/24', '.20'));
  assert.deepEqual(x.plan.pulls, []);
  assert.equal(x.specs.get('web')!.Labels![LABEL.services], 'db,cache,web');
});

test('the same stack name gets the same subnet, and a used one is skipped', () => {
  const a = planUp(template(), empty(), OPTS);
  const b = planUp(template(), empty(), OPTS);
  assert.equal(a.plan.networks[0].subnet, b.plan.networks[0].subnet);
  const used = parseCidr(a.plan.networks[0].subnet!);
  assert.ok('network' in used);
  const c = planUp(template(), { ...empty(), usedSubnets: [used] }, OPTS);
  assert.notEqual(c.plan.networks[0].subnet, a.plan.networks[0].subnet);
});

test('an unchanged file keeps everything: the plan is empty', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(), after(first), OPTS);
  assert.deepEqual(actions(x), { db: 'keep', cache: 'keep', web: 'keep' });
  assert.equal(x.plan.networks[0].action, 'keep');
  assert.equal(x.plan.volumes[0].action, 'keep');
  assert.ok(planIsEmpty(x.plan));
  assert.deepEqual(x.plan.services.find((s) => s.service === 'db')!.reasons, ['running, unchanged']);
});

test('a changed environment variable recreates that one service only, and says which variable', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(FILE.replace('MODE: test', 'MODE: staging')), after(first), OPTS);
  assert.deepEqual(actions(x), { db: 'keep', cache: 'keep', web: 'recreate' });
  assert.deepEqual(x.plan.services.find((s) => s.service === 'web')!.reasons, ['environment MODE changed']);
  assert.ok(!planIsEmpty(x.plan));
});

test('the fields that changed are named: image, ports, command', () => {
  const first = planUp(template(), empty(), OPTS);
  const changed = FILE.replace('image: branchyard-test/redis:7', 'image: branchyard-test/redis:7\n    command: [redis-server, --port, "6380"]\n    ports: ["16380:6380"]');
  const x = planUp(template(changed), after(first), OPTS);
  assert.deepEqual(x.plan.services.find((s) => s.service === 'cache')!.reasons, ['command changed', 'ports changed']);
});

test('a stopped, unchanged service is started, not recreated', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(), after(first, 'exited'), OPTS);
  assert.deepEqual(actions(x), { db: 'start', cache: 'start', web: 'start' });
  assert.match(x.plan.services[0].reasons[0], /^stopped \(exited \(1\)/);
});

test('a new dependency is no reason to recreate (depends_on is not in the config hash)', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(FILE.replace('      cache: { condition: service_started }', '      cache: { condition: service_healthy }')), after(first), OPTS);
  assert.deepEqual(actions(x), { db: 'keep', cache: 'keep', web: 'keep' });
});

test('a service removed from the file is planned for removal (with capture), or kept with keepOrphans', () => {
  const first = planUp(template(), empty(), OPTS);
  const withoutCache = FILE.replace(/  cache:\n    image: branchyard-test\/redis:7\n    x-ip: 11\n/, '').replace('      cache: { condition: service_started }\n', '');
  const x = planUp(template(withoutCache), after(first), OPTS);
  assert.deepEqual(x.plan.orphans, [{ service: 'cache', containerId: 'id-cache', action: 'remove', reasons: ['not in the file any more: its logs are captured, then it is removed'] }]);
  assert.deepEqual(actions(x), { db: 'keep', web: 'keep' });
  const kept = planUp(template(withoutCache), after(first), { ...OPTS, keepOrphans: true });
  assert.equal(kept.plan.orphans[0].action, 'keep');
  assert.ok(describePlan(x.plan).some((l) => /^remove\s+service cache/.test(l)));
});

test('a new image for a database with a named volume recreates the container and keeps the volume', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(FILE.replace('mariadb:10.11', 'mariadb:11')), after(first), OPTS);
  assert.equal(actions(x).db, 'recreate');
  assert.deepEqual(x.plan.services.find((s) => s.service === 'db')!.reasons, ['image changed']);
  assert.deepEqual(x.plan.volumes, [{ volume: 'dbdata', name: 'shop-main_dbdata', action: 'keep' }]);
  assert.deepEqual(x.specs.get('db')!.HostConfig!.Mounts, [{ Type: 'volume', Source: 'shop-main_dbdata', Target: '/var/lib/mysql', ReadOnly: false }]);
});

test('an image the engine does not have is pulled first', () => {
  const seen = { ...empty(), images: images({ 'branchyard-test/app:latest': undefined }) };
  const x = planUp(template(), seen, OPTS);
  assert.deepEqual(x.plan.pulls, [{ image: 'branchyard-test/app:latest', services: ['web'] }]);
});

test('the same tag pointing at a new image recreates the services running the old one', () => {
  const first = planUp(template(), empty(), OPTS);
  const seen = after(first);
  seen.images = images({ 'branchyard-test/app:latest': { id: 'sha256:ffff', labels: {} } });
  const x = planUp(template(), seen, OPTS);
  assert.equal(actions(x).web, 'recreate');
  assert.match(x.plan.services.find((s) => s.service === 'web')!.reasons[0], /^image branchyard-test\/app:latest changed \(cccc → ffff\)$/);
});

const S2I_FILE = `name: shop
services:
  api:
    image: qa/api:main
    x-s2i: { builder: 'qa/builder:1', git: /srv/api.git }
    x-ip: 20
  worker:
    image: qa/api:main
    environment: { RUN_CMD: worker }
    x-ip: 21
`;

function s2iSeen(commit: string, imageCommit?: string): ObservedStack {
  const t = template(S2I_FILE);
  const api = t.services[0];
  const labels = imageCommit
    ? { [S2I_LABEL.commitId]: imageCommit, [LABEL.buildInputs]: buildInputsHash(imageCommit, 'sha256:b1', api.s2i!) }
    : undefined;
  return {
    ...empty(),
    images: images({ 'qa/api:main': labels ? { id: 'sha256:api1', labels } : undefined }),
    commits: new Map([['api', { id: commit, ref: 'main', author: 'qa', date: '', message: 'm', location: '/srv/api.git' }]]),
  };
}

test('s2i: a new commit is built, and every service running that image is recreated', () => {
  const old = 'a'.repeat(40);
  const now = 'b'.repeat(40);
  const first = planUp(template(S2I_FILE), s2iSeen(old, old), OPTS);
  assert.deepEqual(first.plan.builds.map((b) => b.action), ['reuse']);
  const running = after(first);
  for (const c of running.containers.values()) c.ImageID = 'sha256:api1';
  running.images = s2iSeen(now, old).images;
  running.commits = s2iSeen(now, old).commits;
  const x = planUp(template(S2I_FILE), running, OPTS);
  assert.deepEqual(x.plan.builds, [
    { service: 'api', image: 'qa/api:main', via: 's2i', action: 'build', commit: now, reasons: [`commit ${old.slice(0, 12)} → ${now.slice(0, 12)}`] },
  ]);
  assert.deepEqual(actions(x), { api: 'recreate', worker: 'recreate' });
  assert.equal(x.specs.get('worker')!.Labels![LABEL.commit], now);
});

test('s2i: the same commit, builder and settings reuse the image and keep the services', () => {
  const c = 'c'.repeat(40);
  const first = planUp(template(S2I_FILE), s2iSeen(c, c), OPTS);
  const running = after(first);
  for (const k of running.containers.values()) k.ImageID = 'sha256:api1';
  Object.assign(running, { images: s2iSeen(c, c).images, commits: s2iSeen(c, c).commits });
  const x = planUp(template(S2I_FILE), running, OPTS);
  assert.equal(x.plan.builds[0].action, 'reuse');
  assert.deepEqual(actions(x), { api: 'keep', worker: 'keep' });
});

test('redeploy (only some services): the others are untouched and nothing is an orphan', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(), after(first), { ...OPTS, only: ['web'] });
  assert.deepEqual(x.plan.services.map((s) => s.service), ['web']);
  assert.deepEqual(x.plan.untouched.sort(), ['cache', 'db']);
  assert.equal(x.untouched.get('db'), 'id-db');
});

test('recreate: only the services named, recreated unchanged, on the same IP; no orphan, no build', () => {
  const first = planUp(template(), empty(), OPTS);
  const x = planUp(template(), after(first), { ...OPTS, recreate: ['cache'], noBuild: true });
  assert.deepEqual(x.plan.services.map((s) => [s.service, s.action, s.reasons]), [['cache', 'recreate', ['recreate requested']]]);
  assert.equal(x.plan.services[0].ip, first.plan.services.find((s) => s.service === 'cache')!.ip);
  assert.deepEqual(x.plan.untouched.sort(), ['db', 'web']);
  assert.deepEqual(x.plan.orphans, []);
});

test('recreate builds nothing: a built image is used as it is, and one not built yet is an error', () => {
  const c = 'c'.repeat(40);
  const first = planUp(template(S2I_FILE), s2iSeen(c, c), OPTS);
  const running = after(first);
  // A new commit at the ref changes nothing for a recreate (redeploy is what builds).
  Object.assign(running, { images: s2iSeen(c, c).images, commits: new Map() });
  const x = planUp(template(S2I_FILE), running, { ...OPTS, recreate: ['api'], noBuild: true });
  assert.deepEqual(x.plan.builds, []);
  assert.equal(x.specs.get('api')!.Labels![LABEL.commit], c, 'the commit of the image it runs');
  running.images = images({ 'qa/api:main': undefined });
  assert.throws(() => planUp(template(S2I_FILE), running, { ...OPTS, recreate: ['api'], noBuild: true }), /image qa\/api:main of service 'api' is not built yet/);
});

test('the subnet is written on every container up creates, and changes no config hash', () => {
  const x = planUp(template(), empty(), OPTS);
  assert.equal(x.specs.get('db')!.Labels![LABEL.subnet], x.plan.networks[0].subnet);
  // Containers made before this label existed keep their hash: nothing is recreated for them.
  const old = after(x);
  for (const c of old.containers.values()) delete c.Labels[LABEL.subnet];
  assert.ok(planIsEmpty(planUp(template(), old, OPTS).plan));
});

test('a stopped container whose network was made again is reconnected on its address before it starts', () => {
  const first = planUp(template(), empty(), OPTS);
  const gone = after(first, 'exited');
  for (const c of gone.containers.values()) c.NetworkSettings = { Networks: { [first.plan.networks[0].name]: { NetworkID: 'old-net' } } } as Docker.ContainerInfo['NetworkSettings'];
  gone.networks = [];
  gone.usedSubnets = [];
  const x = planUp(template(), gone, OPTS);
  assert.equal(x.plan.networks[0].action, 'create');
  assert.deepEqual(actions(x), { db: 'start', cache: 'start', web: 'start' });
  assert.deepEqual(x.reconnect.get('web'), [{ name: 'shop-main_default', ip: first.plan.services.find((s) => s.service === 'web')!.ip, aliases: ['web'] }]);
});

test('a subnet in the file that the engine already uses elsewhere is refused before anything is done', () => {
  const used = parseCidr('10.99.0.0/16');
  assert.ok('network' in used);
  assert.throws(
    () => planUp(template(`x-branchyard: { subnet: 10.99.3.0/24 }\n${FILE}`), { ...empty(), usedSubnets: [used] }, OPTS),
    /subnet 10\.99\.3\.0\/24 of stack shop-main overlaps a network the engine already has/,
  );
});

test("a subnet in the file that shadows one of the host's networks is refused, saying which", () => {
  const hostNetworks = [{ cidr: parseCidr('10.99.0.0/16') as Cidr, what: 'a route on tun0 via 10.8.0.1' }];
  assert.throws(
    () => planUp(template(`x-branchyard: { subnet: 10.99.3.0/24 }\n${FILE}`), { ...empty(), hostNetworks }, OPTS),
    (e: BranchyardError) =>
      e.kind === 'invalid-input' &&
      /^\/srv\/shop\.yml: x-branchyard\.subnet: subnet 10\.99\.3\.0\/24 of stack shop-main overlaps this host's network 10\.99\.0\.0\/16 \(a route on tun0 via 10\.8\.0\.1\)/.test(e.message),
  );
  // Unknown host networks (an engine elsewhere): nothing to refuse.
  assert.equal(planUp(template(`x-branchyard: { subnet: 10.99.3.0/24 }\n${FILE}`), empty(), OPTS).plan.networks[0].subnet, '10.99.3.0/24');
});

test("the pool skips the host's networks, but not the engine's own bridges among them", () => {
  const pool = '10.77.0.0/23';
  const lan = { cidr: parseCidr('10.77.0.0/24') as Cidr, what: 'the address 10.77.0.5 of eth0' };
  const x = planUp(template(), { ...empty(), hostNetworks: [lan] }, { ...OPTS, pool });
  assert.equal(x.plan.networks[0].subnet, '10.77.1.0/24');
  assert.throws(
    () => planUp(template(), { ...empty(), hostNetworks: [lan, { cidr: parseCidr('10.77.1.0/24') as Cidr, what: 'a route on eth1' }] }, { ...OPTS, pool }),
    /no free \/24 subnet left in 10\.77\.0\.0\/23 for stack shop-main: this host uses 10\.77\.0\.0\/24 \(the address 10\.77\.0\.5 of eth0\), 10\.77\.1\.0\/24 \(a route on eth1\)/,
  );
  // A stack network already there is kept, though its bridge's route is one of the host's now.
  const first = planUp(template(), empty(), OPTS);
  const seen = after(first);
  const own = { cidr: parseCidr(first.plan.networks[0].subnet!) as Cidr, what: 'a route on br-1234' };
  assert.equal(planUp(template(), { ...seen, hostNetworks: [own] }, OPTS).plan.networks[0].action, 'keep');
  // A second stack: the first one's bridge is an engine network, skipped as such, not as the host's.
  const second = planUp(template(), { ...empty(), usedSubnets: seen.usedSubnets, hostNetworks: [own] }, { ...OPTS, stack: 'shop-other' });
  assert.notEqual(second.plan.networks[0].subnet, first.plan.networks[0].subnet);
});

test('a pool that is not private is refused by the planner too', () => {
  assert.throws(() => planUp(template(), empty(), { ...OPTS, pool: '0.0.0.0/0' }), /pool: 0\.0\.0\.0\/0 overlaps/);
});

test('dependency order puts every service after what it depends on', () => {
  const order = dependencyOrder(template().services).map((s) => s.name);
  assert.ok(order.indexOf('web') > order.indexOf('db') && order.indexOf('web') > order.indexOf('cache'));
});

test('compose keys in the plan: network_mode addresses, volume drivers and names, pull_policy', () => {
  const t = template(`name: shop
volumes:
  nfs: { driver: local, driver_opts: { type: nfs, o: "addr=10.0.0.1" } }
  named: { name: app-data }
services:
  vpn: { image: branchyard-test/redis:7, x-ip: 5, volumes: [nfs:/a, named:/b] }
  client: { image: branchyard-test/redis:7, network_mode: "service:vpn", container_name: the-client }
  job: { image: branchyard-test/redis:7, network_mode: none }
  fresh: { image: branchyard-test/app:latest, pull_policy: always }
`);
  const x = planUp(t, empty(), { ...OPTS, pool: '10.99.0.0/16' });
  const ip = (s: string) => x.plan.services.find((p) => p.service === s)!.ip;
  assert.deepEqual([ip('client'), ip('job')], [ip('vpn'), '']);
  assert.ok(ip('vpn').endsWith('.5'));
  assert.deepEqual(x.plan.volumes.map((v) => v.name), ['shop-main_nfs', 'shop-main_app-data']);
  assert.deepEqual(x.volumeDrivers, { 'shop-main_nfs': { Driver: 'local', DriverOpts: { type: 'nfs', o: 'addr=10.0.0.1' } } });
  assert.equal(x.specs.get('vpn')!.HostConfig!.Mounts![1].Source, 'shop-main_app-data');
  assert.equal(x.specs.get('client')!.HostConfig!.NetworkMode, 'container:shop-main-vpn');
  assert.equal(x.specs.get('client')!.name, 'shop-main-the-client');
  // The image is there, and pulled all the same.
  assert.deepEqual(x.plan.pulls, [{ image: 'branchyard-test/app:latest', services: ['fresh'], always: true }]);
  assert.ok(describePlan(x.plan).includes('pull      image branchyard-test/app:latest  (pull_policy always; used by fresh)'));
  const never = template('services:\n  s: { image: branchyard-test/not-here:1, pull_policy: never }\n');
  assert.throws(() => planUp(never, empty(), OPTS), (e: BranchyardError) => /not on the engine, and pull_policy never forbids pulling it/.test(e.message));
});

test('a container joined to another (network_mode service:X, volumes_from) is recreated with it', () => {
  const file = (mode: string) => `name: shop
services:
  vpn: { image: branchyard-test/redis:7, environment: { MODE: ${mode} } }
  client: { image: branchyard-test/redis:7, network_mode: "service:vpn" }
  data: { image: branchyard-test/redis:7, volumes_from: [vpn] }
  other: { image: branchyard-test/redis:7 }
`;
  const first = planUp(template(file('a')), empty(), OPTS);
  const x = planUp(template(file('b')), after(first), OPTS);
  assert.deepEqual(actions(x), { vpn: 'recreate', client: 'recreate', data: 'recreate', other: 'keep' });
  assert.deepEqual(x.plan.services.find((s) => s.service === 'client')!.reasons, ['vpn is recreated, and this container joins it']);
  assert.deepEqual(actions(planUp(template(file('a')), after(first), OPTS)), { vpn: 'keep', client: 'keep', data: 'keep', other: 'keep' });
});

test('s2i: scripts behind a file:// scripts_url that changed are a changed input, and the plan builds', () => {
  const c = 'd'.repeat(40);
  const file = S2I_FILE.replace("git: /srv/api.git }", "git: /srv/api.git, scripts_url: 'file:///srv/s2i' }");
  const api = template(file).services[0];
  const seen = (digestNow: string): ObservedStack => ({
    ...s2iSeen(c, c),
    images: images({
      'qa/api:main': { id: 'sha256:api1', labels: { [S2I_LABEL.commitId]: c, [LABEL.buildInputs]: buildInputsHash(c, 'sha256:b1', api.s2i!, 'digest-1') } },
    }),
    scriptsDigests: new Map([['api', digestNow]]),
  });
  assert.deepEqual(planUp(template(file), seen('digest-1'), OPTS).plan.builds.map((b) => b.action), ['reuse']);
  const changed = planUp(template(file), seen('digest-2'), OPTS).plan.builds[0];
  assert.equal(changed.action, 'build');
  assert.deepEqual(changed.reasons, ['builder image or build settings changed']);
});

test('a service of a profile no longer active is removed, and the plan says it is the profile, not the file', () => {
  const text = `${FILE}  adminer:\n    image: branchyard-test/app:latest\n    profiles: [debug]\n`;
  const withDebug = parseStackFile(text, { file: 'shop.yml', vars: {}, profiles: ['debug'] }).template;
  const first = planUp(withDebug, empty(), OPTS);
  const x = planUp(template(text), after(first), OPTS);
  assert.deepEqual(x.plan.orphans, [{ service: 'adminer', containerId: 'id-adminer', action: 'remove', reasons: ['only in profile debug, not active now: its logs are captured, then it is removed'] }]);
  const kept = planUp(template(text), after(first), { ...OPTS, keepOrphans: true });
  assert.deepEqual(kept.plan.orphans[0].reasons, ['only in profile debug, not active now; kept (--keep-orphans)']);
});
