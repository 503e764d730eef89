// Compose keys that tie services and files together: container_name, links, volumes_from,
// network_mode, networks, volumes, secrets and configs, profiles, extends, include; and the
// loader's refusals (control characters, non-string keys, conflicting options) with locations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import type { FileRead } from '../../shared/stack/fileRead.ts';
import { parseStackFile, templateNameFromFile, type ParseOptions } from '../../shared/stack/parse.ts';

const FILE = 'stacks/app.yml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string, opts: Partial<ParseOptions> = {}) => parseStackFile(text, { file: FILE, vars: {}, ...opts });

const issuesOf = (text: string, opts: Partial<ParseOptions> = {}): Issue[] => refusedIssues(() => parse(text, opts));
const shown = (issues: Issue[]) => issues.map((i) => [i.file, i.line, i.col, i.field, i.message]);
/** readFile over an in-memory folder (paths relative to the stack file's folder). */
const files = (all: Record<string, string>) => ({ readFile: (p: string): FileRead => (p in all ? { text: all[p] } : { missing: true }) });

test('links: the alias is another name of the linked service, which starts first; an undefined one is refused', () => {
  const { template } = parse(lines('services:', '  web: { image: x, links: [db, "cache:memo"] }', '  db: { image: x }', '  cache: { image: x }'));
  const [web, db, cache] = template.services;
  assert.deepEqual(web.dependsOn, { db: 'service_started', cache: 'service_started' });
  assert.deepEqual([db.linkAliases, cache.linkAliases], [undefined, ['memo']]);
  assert.deepEqual(shown(issuesOf(lines('services:', '  web:', '    image: x', '    links: ["db:database"]'))), [
    [FILE, 4, 13, 'services.web.links[0]', "service 'web' refers to undefined service 'db' in links"],
  ]);
});

test('volumes_from: services of the file, read-only or not; a container outside the stack is refused', () => {
  const { template } = parse(lines('services:', '  data: { image: x, volumes: [/shared] }', '  app: { image: x, volumes_from: [data, "data:ro"] }'));
  assert.deepEqual(template.services[1].volumesFrom, [{ service: 'data', readOnly: false }, { service: 'data', readOnly: true }]);
  assert.deepEqual(template.services[1].dependsOn, { data: 'service_started' });
  const [issue] = issuesOf(lines('services:', '  app: { image: x, volumes_from: ["container:old"] }'));
  assert.match(issue.message, /^volumes_from 'container:old' is not supported by Branchyard: it takes volumes of a container outside the stack/);
});

test('network_mode: none and service:X; bridge is the stack network; host and container: refused with the reason', () => {
  const { template } = parse(lines('services:', '  vpn: { image: x, ports: ["8080:80"] }', '  app: { image: x, network_mode: "service:vpn" }', '  job: { image: x, network_mode: none }'));
  assert.deepEqual(template.services.map((s) => [s.name, s.networkMode, s.hostNumber, s.dependsOn]), [
    ['vpn', undefined, 100, {}], ['app', 'service:vpn', 0, { vpn: 'service_started' }], ['job', 'none', 0, {}],
  ]);
  const bridged = parse(lines('services:', '  b: { image: x, network_mode: bridge, ports: ["80:80"] }'));
  assert.deepEqual([bridged.template.services[0].networkMode, bridged.template.services[0].hostNumber], [undefined, 100]);
  assert.match(bridged.warnings[0], /network_mode bridge is the stack's own network in Branchyard/);
  const issues = issuesOf(lines('services:', '  a: { image: x, network_mode: host }', '  b: { image: x, network_mode: "weave" }', '  c: { image: x, network_mode: "container:z" }',
    '  d: { image: x, network_mode: "service:a", ports: ["80:80"] }', '  e: { image: x, network_mode: none, networks: [default] }'));
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field]), [[2, 32, 'services.a.network_mode'], [3, 32, 'services.b.network_mode'], [4, 32, 'services.c.network_mode'], [5, 32, 'services.d.network_mode'], [6, 32, 'services.e.network_mode']]);
  assert.match(issues[0].message, /^network_mode host is not supported by Branchyard: a container on the host's network has no fixed IP of its own/);
  assert.match(issues[3].message, /uses the network of a, so it cannot set ports: set them on a/);
  assert.match(issues[4].message, /declares both network_mode and networks/);
});

test('networks: ipv4_address in an ipam subnet; the first network\'s subnet is the stack\'s; refusals with locations', () => {
  const { template } = parse(lines('services:', '  dns:', '    image: x', '    networks:', '      net: { ipv4_address: 172.20.0.2, aliases: [resolver] }',
    'networks:', '  net:', '    ipam: { config: [{ subnet: 172.20.0.0/24, gateway: 172.20.0.1 }] }'));
  assert.equal(template.subnet, '172.20.0.0/24');
  assert.deepEqual([template.services[0].hostNumber, template.services[0].networks], [2, [{ network: 'net', aliases: ['resolver'], ipv4Address: '172.20.0.2', hostNumber: 2 }]]);
  const issues = issuesOf(lines('services:', '  a: { image: x, networks: [n1, n2] }', 'networks:', '  n1: { ipam: { config: [{ subnet: 10.1.0.0/24 }] } }',
    '  n2: { ipam: { config: [{ subnet: 10.1.0.0/25, gateway: 10.1.0.126 }] }, driver: overlay }', '  n3: { external: true, driver: bridge }'));
  assert.deepEqual(issues.map((i) => [i.line, i.field]), [[5, 'networks.n2.ipam.config[0].subnet'], [5, 'networks.n2.ipam.config[0].gateway'], [5, 'networks.n2.driver'], [6, 'networks.n3.driver']]);
  assert.match(issues.map((i) => i.message).join('\n'), /subnet 10\.1\.0\.0\/25 of network 'n2' overlaps subnet 10\.1\.0\.0\/24 of network 'n1'[\s\S]*conflicting parameters "external" and "driver"/);
});

test('top-level volumes: driver, driver_opts, external (with name), name kept per stack; the loader\'s conflicts refused', () => {
  const { template, warnings } = parse(lines('services:', '  s: { image: x, volumes: [nfs:/a, old:/b, named:/c] }', 'volumes:',
    '  nfs: { driver: local, driver_opts: { type: nfs, o: "addr=10.0.0.1" } }', '  old: { external: true, name: legacy }', '  named: { name: app-data }'));
  assert.deepEqual(template.volumes, [
    { name: 'nfs', labels: {}, driver: 'local', driverOpts: { type: 'nfs', o: 'addr=10.0.0.1' } },
    { name: 'old', labels: {}, external: 'legacy' },
    { name: 'named', labels: {}, engineName: 'app-data' },
  ]);
  assert.match(warnings[0], /name 'app-data' becomes <stack>_app-data/);
  const issues = issuesOf(lines('services:', '  s: { image: x }', 'volumes:', '  a: { external: true, driver: local }', '  b:', '    name: mine', '    external: { name: theirs }'));
  assert.deepEqual(shown(issues), [
    [FILE, 4, 24, 'volumes.a.driver', `volume 'a': conflicting parameters "external" and "driver" specified`],
    [FILE, 7, 23, 'volumes.b.external', "volume 'b': name and external.name conflict; only use name"],
  ]);
});

test('mounts: a tmpfs and a bind on one target, a negative or fractional tmpfs size, are refused where written', () => {
  const issues = issuesOf(lines('services:', '  s:', '    image: x', '    volumes:', '      - ./data:/data', '      - { type: tmpfs, target: /t1, tmpfs: { size: -1 } }',
    '      - { type: tmpfs, target: /t2, tmpfs: { size: 0.5 } }', '    tmpfs: [/data]'));
  assert.deepEqual(issues.map((i) => [i.line, i.field, i.message]), [
    [6, 'services.s.volumes[1].tmpfs.size', 'tmpfs size -1 must be 0 or more'],
    [7, 'services.s.volumes[2].tmpfs.size', 'tmpfs size 0.5 must be a whole number of bytes (or a size like 64m)'],
    [8, 'services.s.tmpfs[0]', 'services.s: bind mount and tmpfs on the same target /data: a tmpfs cannot share its target with another mount'],
  ]);
});

test('secrets and configs from files are mounted read-only; undefined ones and the loader\'s conflicts are refused', () => {
  const { template, warnings } = parse(lines('services:', '  s:', '    image: x', '    secrets: [pw, { source: token, target: api, mode: 0400 }]', '    configs: [{ source: conf, target: /etc/app.conf }, conf2]',
    'secrets:', '  pw: { file: ./pw.txt }', '  token: { file: /abs/token }', 'configs:', '  conf: { file: conf/app.conf }', '  conf2: { file: c2 }'), { fileProblem: () => undefined });
  assert.deepEqual(template.services[0].mounts, [
    { type: 'bind', source: './pw.txt', target: '/run/secrets/pw', readOnly: true, createHostPath: false },
    { type: 'bind', source: '/abs/token', target: '/run/secrets/api', readOnly: true, createHostPath: false },
    { type: 'bind', source: 'conf/app.conf', target: '/etc/app.conf', readOnly: true, createHostPath: false },
    { type: 'bind', source: 'c2', target: '/conf2', readOnly: true, createHostPath: false },
  ]);
  assert.match(warnings[0], /uid, gid and mode of secret 'token' are not applied/);
  const issues = issuesOf(lines('services:', '  s: { image: x, secrets: [env, nope, gone] }', 'secrets:', '  env: { environment: TOKEN }', '  gone: { file: ./gone }',
    '  both: { file: a, environment: B }', '  inline: { content: abc }'), { fileProblem: (p) => (p === './gone' ? 'does not exist' : undefined) });
  assert.deepEqual(issues.map((i) => [i.line, i.message]), [
    [2, "service 's' refers to undefined secret 'nope': declare it under the top-level secrets:"],
    [2, "the file './gone' of secret 'gone' does not exist"],
    [6, 'secrets.both: file|environment attributes are mutually exclusive'],
    [7, 'secrets.inline: content is not allowed for secrets'],
  ]);
});

test('profiles: services of profiles not active are left out; --profile and COMPOSE_PROFILES activate them', () => {
  const text = lines('services:', '  web: { image: x }', '  debug: { image: x, profiles: [dev] }', '  mail: { image: x, profiles: [dev, mail] }');
  const names = (opts: Partial<ParseOptions>) => parse(text, opts).template.services.map((s) => `${s.name}:${s.hostNumber}`);
  // Addresses are given over all services, so a profile turned on moves nobody.
  assert.deepEqual(names({}), ['web:100']);
  assert.deepEqual(names({ profiles: ['mail'] }), ['web:100', 'mail:102']);
  assert.deepEqual(names({ vars: { COMPOSE_PROFILES: 'dev' } }), ['web:100', 'debug:101', 'mail:102']);
  assert.deepEqual(parse(text, { profiles: ['*'] }).template.profiles, ['*']);
  const issues = issuesOf(lines('services:', '  web:', '    image: x', '    depends_on: [db]', '  db: { image: x, profiles: [data] }'));
  assert.deepEqual(shown(issues), [[FILE, 4, 18, 'services.web.depends_on[0]', "service 'web' depends on 'db', which is only in profile data: add --profile data"]]);
});

test('extends in the same file: mappings merged, command replaced, volumes by target, depends_on not inherited', () => {
  const { template } = parse(lines('services:',
    '  base:', '    image: app:1', '    command: [serve]', '    environment: [A=1, B=2]', '    volumes: ["./a:/data", "./logs:/logs"]', '    depends_on: [db]', '    labels: { team: x }',
    '  web:', '    extends: base', '    command: [web]', '    environment: { B: "3" }', '    volumes: ["./b:/data"]',
    '  db: { image: postgres }'));
  const web = template.services[1];
  assert.deepEqual([web.image, web.command, web.environment, web.labels, web.dependsOn], ['app:1', ['web'], { A: '1', B: '3' }, { team: 'x' }, {}]);
  assert.deepEqual(web.mounts.map((m) => m.type === 'bind' && `${m.source}:${m.target}`), ['./b:/data', './logs:/logs']);
  const issues = issuesOf(lines('services:', '  a: { image: x, extends: b }', '  b: { extends: a }', '  c: { extends: { service: nope } }'));
  assert.deepEqual(issues.map((i) => [i.line, i.message]), [
    [3, 'extends cycle: a -> b -> a'],
    [4, "service 'c' needs an image, a build or an x-preset"],
    [4, "service 'c' extends 'nope', which is not in the file"],
  ]);
});

test('extends from another file: its relative paths are relative to its folder, its problems reported in it', () => {
  const other = lines('services:', '  webapp:', '    build: ./web', '    env_file: web.env', '    volumes: ["./static:/srv"]');
  const fs = files({ 'common/base.yml': other, 'common/web.env': 'LEVEL=info\n' });
  const { template } = parse(lines('services:', '  web:', '    extends: { file: common/base.yml, service: webapp }', '    ports: ["80:80"]'), fs);
  const web = template.services[0];
  assert.deepEqual([web.build?.context, web.environment, web.mounts], [
    './common/web', { LEVEL: 'info' }, [{ type: 'bind', source: './common/static', target: '/srv', readOnly: false }],
  ]);
  const broken = files({ 'common/base.yml': lines('services:', '  webapp:', '    image: x', '    colour: red') });
  assert.deepEqual(shown(issuesOf(lines('services:', '  web:', '    extends: { file: common/base.yml, service: webapp }'), broken)), [
    ['stacks/common/base.yml', 4, 5, 'services.web.colour', "unknown key 'colour' in service 'web'"],
  ]);
  assert.deepEqual(shown(issuesOf(lines('services:', '  web:', '    extends: { file: nope.yml, service: x }'), files({}))), [
    [FILE, 2, 3, 'services.web', "service 'web' needs an image, a build or an x-preset"],
    [FILE, 3, 14, 'services.web.extends', "extended file 'nope.yml' not found"],
  ]);
});

test('include: the included file\'s services, volumes and networks join, relative to its folder and with its .env', () => {
  const fs = files({
    'infra/compose.yaml': lines('services:', '  redis:', '    image: redis:${REDIS_TAG}', '    volumes: [data:/data, ./redis.conf:/etc/redis.conf]', 'volumes:', '  data:'),
    'infra/.env': 'REDIS_TAG=7.2\n',
  });
  const { template } = parse(lines('include: [infra/compose.yaml]', 'services:', '  app: { image: x, depends_on: [redis] }'), fs);
  assert.deepEqual(template.services.map((s) => [s.name, s.image]), [['app', 'x'], ['redis', 'redis:7.2']]);
  assert.deepEqual(template.services[1].mounts[1], { type: 'bind', source: './infra/redis.conf', target: '/etc/redis.conf', readOnly: false });
  assert.deepEqual(template.volumes.map((v) => v.name), ['data']);
  const clash = files({ 'infra/compose.yaml': lines('services:', '  app: { image: y }') });
  assert.deepEqual(issuesOf(lines('include: [infra/compose.yaml]', 'services:', '  app: { image: x }'), clash).map((i) => [i.file, i.line, i.message]), [
    ['stacks/infra/compose.yaml', 2, 'services.app is defined twice: in the stack file line 3 and in infra/compose.yaml line 2 (include)'],
  ]);
  assert.deepEqual(shown(issuesOf(lines('include:', '  - path: missing.yaml', 'services:', '  app: { image: x }'), files({}))), [
    [FILE, 2, 11, 'include[0]', "included file 'missing.yaml' not found"],
  ]);
});

test('interpolation: a lone $ is kept, name: is interpolated and names the stack', () => {
  const { template } = parse(lines('name: ${PROJECT:-shop}', 'services:', '  s:', '    image: alpine:${TAG}', '    environment: { PRICE: "5$", P: "$ 1", R: "^a$" }'), { vars: { TAG: '3.19' } });
  assert.deepEqual([template.name, template.services[0].image, template.services[0].environment], ['shop', 'alpine:3.19', { PRICE: '5$', P: '$ 1', R: '^a$' }]);
  // A name problem has its line and hides nothing else.
  assert.deepEqual(issuesOf(lines('name: My App', 'services:', '  s: { imag: x }')).map((i) => i.line), [1, 3, 3]);
});

test('names from the file name are lowercased and cleaned', () => {
  assert.equal(templateNameFromFile('docker-compose.merge.yml'), 'docker-compose-merge');
  assert.equal(templateNameFromFile('/x/My App.Stack.yaml'), 'my-app-stack');
});

test('ports: a host range onto one container port; restart "" is no policy', () => {
  const { template } = parse(lines('services:', '  s: { image: x, ports: ["6005-6015:80"], restart: "" }'));
  assert.deepEqual([template.services[0].ports, template.services[0].restart], [[{ target: 80, published: 6005, publishedLast: 6015, protocol: 'tcp' }], 'no']);
});

test('control characters are refused with their line; non-string keys too', () => {
  assert.deepEqual(shown(issuesOf('services:\n  s:\n    image: "a\x00b"\n    command: "\x1b[2J"\n')), [
    [FILE, 3, 14, undefined, 'control character NUL in the file: YAML does not allow it (write it as an escape like "\\x00" inside double quotes)'],
    [FILE, 4, 15, undefined, 'control character \\x1b in the file: YAML does not allow it (write it as an escape like "\\x1b" inside double quotes)'],
  ]);
  assert.doesNotThrow(() => parse('services:\n  s:\n    image: x\r\n    command: "\\x1b is fine escaped"\n\t\n'));
  assert.deepEqual(shown(issuesOf(lines('services:', '  s:', '    image: x', '    environment:', '      1: FOO', '  123: { image: x }'))), [
    [FILE, 5, 7, 'services.s.environment', 'a mapping key must be a string, this one is the number 1: quote it ("1") if it is a name'],
    [FILE, 6, 3, 'services', 'a mapping key must be a string, this one is the number 123: quote it ("123") if it is a name'],
  ]);
});

test('x- keys are allowed and ignored wherever the specification allows them, and nowhere else', () => {
  assert.doesNotThrow(() => parse(lines('x-top: 1', 'services:', '  s:', '    image: x', '    x-a: 1', '    build: { context: ., x-b: 1 }', '    healthcheck: { test: [CMD, "true"], x-c: 1 }',
    '    deploy: { x-d: 1, resources: { x-e: 1, limits: { x-f: 1 } } }', '    ports: [{ target: 80, x-g: 1 }]', '    volumes: [{ type: volume, target: /v, x-h: 1, volume: { x-i: 1 } }]',
    '    networks: { default: { x-j: 1 } }', '    logging: { x-k: 1 }', 'networks: { default: { x-l: 1 } }', 'volumes: { v: { x-m: 1 } }')));
  const [issue] = issuesOf(lines('services:', '  s: { image: x, extends: { service: b, x-n: 1 } }', '  b: { image: x }'));
  assert.equal(issue.message, "unknown key 'x-n' in extends of service 's'");
});
