// Several networks per stack, as the parser reads them: which networks a stack has (its first
// one first), the subnets the file gives them, every service's host number on each network
// (x-ip on its first, ipv4_address on any), external networks and the refusals, with locations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile, type ParseOptions } from '../../shared/stack/parse.ts';

const FILE = 'stacks/app.yml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string, opts: Partial<ParseOptions> = {}) => parseStackFile(text, { file: FILE, vars: {}, ...opts });
const issuesOf = (text: string): Issue[] => refusedIssues(() => parse(text));
const where = (issues: Issue[]) => issues.map((i) => [i.line, i.col, i.field, i.message]);

const TWO = lines(
  'x-branchyard: { subnet: 10.230.1.0/24 }',
  'services:',
  '  db:',
  '    image: db',
  '    x-ip: 10',
  '    networks:',
  '      default:',
  '      back:',
  '        ipv4_address: 10.230.2.10',
  '        aliases: [database]',
  '  app:',
  '    image: app',
  '    networks: [back]',
  '  web:',
  '    image: web',
  'networks:',
  '  back:',
  '    internal: true',
  '    ipam: { config: [{ subnet: 10.230.2.0/24 }] }',
);

test('two networks: the default one (x-branchyard.subnet) first, each with its own subnet and host numbers', () => {
  const { template, warnings } = parse(TWO);
  assert.equal(template.subnet, '10.230.1.0/24');
  assert.deepEqual(template.networks, [
    { name: 'default', labels: {}, subnet: '10.230.1.0/24' },
    { name: 'back', labels: {}, internal: true, subnet: '10.230.2.0/24' },
  ]);
  const [db, app, web] = template.services;
  // x-ip is db's address on its first network; ipv4_address its address on back.
  assert.deepEqual([db.hostNumber, db.networks], [10, [
    { network: 'default', aliases: [], hostNumber: 10 },
    { network: 'back', aliases: ['database'], ipv4Address: '10.230.2.10', hostNumber: 10 },
  ]]);
  // Host numbers are given network by network: app is the first automatic one on back, web on default.
  assert.deepEqual([app.hostNumber, app.networks], [100, [{ network: 'back', aliases: [], hostNumber: 100 }]]);
  assert.deepEqual([web.hostNumber, web.networks], [100, undefined]);
  assert.deepEqual(warnings, []);
});

test('x-ip is on the service\'s first network, in the order the file lists them', () => {
  const { template } = parse(lines('services:', '  a:', '    image: a', '    x-ip: 7', '    networks: [back, default]', '  b: { image: b, networks: [default] }', 'networks: { back: }'));
  assert.deepEqual(template.services[0].networks, [{ network: 'back', aliases: [], hostNumber: 7 }, { network: 'default', aliases: [], hostNumber: 100 }]);
  assert.equal(template.services[0].hostNumber, 7);
  // The stack's first network is still default: a service is on it.
  assert.deepEqual(template.networks!.map((n) => n.name), ['default', 'back']);
});

test('without the default network, the first declared network is the stack\'s first, and x-branchyard.subnet is its subnet', () => {
  const { template } = parse(lines('x-branchyard: { subnet: 10.230.5.0/24 }', 'services:', '  a: { image: a, networks: [back], x-ip: 9 }', '  b: { image: b, networks: [front] }',
    'networks:', '  front: {}', '  back: {}'));
  assert.deepEqual(template.networks, [{ name: 'front', labels: {}, subnet: '10.230.5.0/24' }, { name: 'back', labels: {} }]);
  assert.equal(template.subnet, '10.230.5.0/24');
  assert.equal(template.services[0].hostNumber, 9);
});

test('addresses on a second network: refused where they cannot be, at the ipv4_address, naming the network', () => {
  const noSubnet = issuesOf(lines('services:', '  a:', '    image: a', '    networks:', '      default:', '      back: { ipv4_address: 10.1.2.3 }', 'networks: { back: }'));
  assert.deepEqual(where(noSubnet), [[6, 29, 'services.a.networks.back.ipv4_address', "ipv4_address needs a subnet for network 'back': give it ipam: { config: [{ subnet: ... }] }"]]);
  const outside = issuesOf(lines('services:', '  a:', '    image: a', '    networks:', '      back: { ipv4_address: 10.1.3.3 }', 'networks:', '  back: { ipam: { config: [{ subnet: 10.1.2.0/24 }] } }'));
  assert.deepEqual(where(outside), [[5, 29, 'services.a.networks.back.ipv4_address', "10.1.3.3 is outside the subnet of network 'back', 10.1.2.0/24"]]);
  const twice = issuesOf(lines('services:', '  a: { image: a, networks: { back: { ipv4_address: 10.1.2.9 } } }', '  b:', '    image: b', '    networks:', '      back: { ipv4_address: 10.1.2.9 }',
    'networks:', '  back: { ipam: { config: [{ subnet: 10.1.2.0/24 }] } }'));
  assert.deepEqual(where(twice), [[6, 29, 'services.b.networks.back.ipv4_address', "10.1.2.9 is already used by service 'a' on network 'back'"]]);
  const gateway = issuesOf(lines('services:', '  a: { image: a, networks: [default, back] }', '  b:', '    image: b', '    networks:', '      back: { ipv4_address: 10.1.2.1 }',
    'networks:', '  back: { ipam: { config: [{ subnet: 10.1.2.0/24 }] } }'));
  assert.deepEqual(where(gateway), [[6, 29, 'services.b.networks.back.ipv4_address', '10.1.2.1 is the gateway of 10.1.2.0/24']]);
  // The same with default first.
  const second = issuesOf(lines('services:', '  a: { image: a, networks: { default: , back: { ipv4_address: 10.1.2.9 } } }', '  b:', '    image: b', '    networks:', '      default:', '      back: { ipv4_address: 10.1.2.9 }',
    'networks:', '  back: { ipam: { config: [{ subnet: 10.1.2.0/24 }] } }'));
  assert.deepEqual(where(second), [[7, 29, 'services.b.networks.back.ipv4_address', "10.1.2.9 is already used by service 'a' on network 'back'"]]);
});

test('x-ip and ipv4_address on different networks of one service are fine; on its first both are refused', () => {
  assert.doesNotThrow(() => parse(TWO));
  const both = issuesOf(lines('x-branchyard: { subnet: 10.230.1.0/24 }', 'services:', '  a:', '    image: a', '    x-ip: 5', '    networks:', '      default: { ipv4_address: 10.230.1.5 }'));
  assert.deepEqual(where(both), [[7, 32, 'services.a.networks.default.ipv4_address', "service 'a' sets both x-ip and ipv4_address: keep one"]]);
});

test('subnets of two networks must not overlap, nor the first network\'s x-branchyard.subnet', () => {
  const overlap = issuesOf(lines('x-branchyard: { subnet: 10.230.0.0/16 }', 'services:', '  a: { image: a, networks: [default, back] }', 'networks:', '  back:', '    ipam:', '      config:', '        - subnet: 10.230.9.0/24'));
  assert.deepEqual(where(overlap), [[8, 19, 'networks.back.ipam.config[0].subnet', "subnet 10.230.9.0/24 of network 'back' overlaps subnet 10.230.0.0/16 of network 'default': each network of a stack needs its own"]]);
  const differs = issuesOf(lines('x-branchyard: { subnet: 10.230.1.0/24 }', 'services:', '  a: { image: a }', 'networks:', '  default:', '    ipam: { config: [{ subnet: 10.230.2.0/24 }] }'));
  assert.match(differs[0].message, /subnet 10\.230\.2\.0\/24 of network 'default' differs from x-branchyard\.subnet 10\.230\.1\.0\/24/);
});

test('external networks: joined by name (name:, or the key), never the first network; a service only on them has no fixed address', () => {
  const { template, warnings } = parse(lines('services:', '  app: { image: a, networks: [proxy, default] }', '  edge: { image: e, networks: [proxy] }',
    'networks:', '  proxy:', '    external: true', '    name: traefik_proxy', '  shared: { external: true }'));
  assert.deepEqual(template.networks, [{ name: 'default', labels: {} }, { name: 'proxy', labels: {}, external: 'traefik_proxy' }]);
  const [app, edge] = template.services;
  // app's x-ip place is default, its first network of the stack's own.
  assert.deepEqual([app.hostNumber, app.networks], [100, [{ network: 'proxy', aliases: [] }, { network: 'default', aliases: [], hostNumber: 100 }]]);
  assert.deepEqual([edge.hostNumber, edge.networks], [0, [{ network: 'proxy', aliases: [] }]]);
  assert.deepEqual(warnings, ["service 'edge' is only on external networks (proxy): its address there is the engine's choice, not fixed by Branchyard, unless ipv4_address names one"]);
  // The deprecated external: { name } too.
  assert.equal(parse(lines('services:', '  a: { image: a, networks: [p] }', 'networks:', '  p: { external: { name: edge } }')).template.networks![0].external, 'edge');
  // The default network may be an external one: the stack then has no network of its own.
  const onlyExternal = parse(lines('services:', '  a: { image: a }', 'networks:', '  default: { external: true, name: proxy }')).template;
  assert.deepEqual([onlyExternal.networks, onlyExternal.services[0].hostNumber], [[{ name: 'default', labels: {}, external: 'proxy' }], 0]);
});

test('external networks: x-ip without a network of the stack, a bad address, and other options beside external are refused', () => {
  const xIp = issuesOf(lines('services:', '  a:', '    image: a', '    x-ip: 10', '    networks: [proxy]', 'networks: { proxy: { external: true } }'));
  assert.deepEqual(where(xIp), [[4, 11, 'services.a.x-ip', "service 'a' is only on external networks: x-ip gives an address on a network of the stack, and it is on none"]]);
  const bad = issuesOf(lines('services:', '  a:', '    image: a', '    networks:', '      proxy: { ipv4_address: 10.1.2 }', 'networks: { proxy: { external: true } }'));
  assert.deepEqual(where(bad), [[5, 30, 'services.a.networks.proxy.ipv4_address', "'10.1.2' is not an IPv4 address"]]);
  // An address on an external network is kept as written: the planner checks it against the network's subnet.
  const ok = parse(lines('services:', '  a:', '    image: a', '    networks:', '      proxy: { ipv4_address: 172.30.0.40 }', 'networks: { proxy: { external: true } }')).template;
  assert.deepEqual(ok.services[0].networks, [{ network: 'proxy', aliases: [], ipv4Address: '172.30.0.40' }]);
  const ipam = issuesOf(lines('services:', '  a: { image: a, networks: [p] }', 'networks:', '  p:', '    external: true', '    ipam: { config: [{ subnet: 10.1.2.0/24 }] }'));
  assert.deepEqual(where(ipam), [[6, 5, 'networks.p.ipam', `network 'p': conflicting parameters "external" and "ipam" specified`]]);
});

test('name: of a network of the stack is kept per stack (<stack>_<name>), with a note; mac_address only on the first network', () => {
  const { template, warnings } = parse(lines('services:', '  a: { image: a, networks: [back] }', 'networks:', '  back: { name: app-back }'));
  assert.deepEqual(template.networks, [{ name: 'back', labels: {}, engineName: 'app-back' }]);
  assert.match(warnings.join('\n'), /network 'back': name 'app-back' becomes <stack>_app-back/);
  const mac = issuesOf(lines('services:', '  a:', '    image: a', '    networks:', '      default: { mac_address: "02:42:ac:11:00:02" }', '      back: { mac_address: "02:42:ac:11:00:03" }', 'networks: { back: }'));
  assert.deepEqual(mac.map((i) => [i.line, i.field]), [[6, 'services.a.networks.back.mac_address']]);
  assert.match(mac[0].message, /not supported by Branchyard yet: engines before API 1\.44 take one MAC address per container/);
});

test('services of a profile that is not active keep their host numbers on every network', () => {
  const text = lines('services:', '  dbg: { image: d, networks: [default, back], profiles: [debug] }', '  a: { image: a, networks: [default, back] }', 'networks: { back: }');
  const off = parse(text).template.services.find((s) => s.name === 'a')!;
  const on = parse(text, { profiles: ['debug'] }).template.services.find((s) => s.name === 'a')!;
  assert.deepEqual(off.networks, on.networks);
  assert.deepEqual(on.networks!.map((n) => n.hostNumber), [101, 101]);
});
