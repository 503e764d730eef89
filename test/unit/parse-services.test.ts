// Service keys in detail: ports, volumes, env_file, healthcheck, build, presets and friends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile, type ParseOptions } from '../../shared/stack/parse.ts';
import { parseShortPort } from '../../shared/stack/parsePorts.ts';
import { parseShortVolume } from '../../shared/stack/parseVolumes.ts';
import { imageReferenceProblem } from '../../shared/stack/imageReference.ts';
import { PRESETS } from '../../shared/stack/presets.ts';

const FILE = 'stack.yml';
const lines = (...l: string[]) => l.join('\n') + '\n';

function parse(text: string, opts: Partial<ParseOptions> = {}) {
  return parseStackFile(text, { file: FILE, vars: {}, ...opts });
}

function service(body: string[], opts: Partial<ParseOptions> = {}, extraTop: string[] = []) {
  return parse(lines(...extraTop, 'services:', '  s:', ...body.map((l) => `    ${l}`)), opts).template.services[0];
}

const issuesOf = (text: string, opts: Partial<ParseOptions> = {}): Issue[] => refusedIssues(() => parse(text, opts));

test('short port syntax', () => {
  assert.deepEqual(parseShortPort('8080:80'), [{ target: 80, published: 8080, protocol: 'tcp' }]);
  assert.deepEqual(parseShortPort('80'), [{ target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parseShortPort('127.0.0.1:8080:80/udp'), [{ target: 80, published: 8080, hostIp: '127.0.0.1', protocol: 'udp' }]);
  assert.deepEqual(parseShortPort('127.0.0.1::80'), [{ target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }]);
  assert.deepEqual(parseShortPort('[::1]:53:53/udp'), [{ target: 53, published: 53, hostIp: '::1', protocol: 'udp' }]);
  assert.deepEqual(parseShortPort('8000-8002:9000-9002'), [
    { target: 9000, published: 8000, protocol: 'tcp' },
    { target: 9001, published: 8001, protocol: 'tcp' },
    { target: 9002, published: 8002, protocol: 'tcp' },
  ]);
  // A host range onto one container port: the engine takes a free port of the range.
  assert.deepEqual(parseShortPort('6005-6015:80'), [{ target: 80, published: 6005, publishedLast: 6015, protocol: 'tcp' }]);
  assert.deepEqual(parseShortPort('127.0.0.1:9000-9002:9000'), [{ target: 9000, published: 9000, publishedLast: 9002, hostIp: '127.0.0.1', protocol: 'tcp' }]);
  assert.ok('error' in parseShortPort('8000-8001:80-82'));
  assert.ok('error' in parseShortPort('99999'));
  assert.ok('error' in parseShortPort('80/ftp'));
  assert.ok('error' in parseShortPort('a:b'));
});

test('ports in the file: numbers, strings and the long form', () => {
  const s = service(['image: nginx', 'ports:', '  - 80', '  - "8443:443"', '  - { target: 53, published: 5353, protocol: udp, host_ip: 0.0.0.0 }']);
  assert.deepEqual(s.ports, [
    { target: 80, protocol: 'tcp' },
    { target: 443, published: 8443, protocol: 'tcp' },
    { target: 53, published: 5353, protocol: 'udp', hostIp: '0.0.0.0' },
  ]);
});

test('expose is normalised to port/proto', () => {
  const s = service(['image: nginx', 'expose: [3306, "8080", "53/udp", "9000-9001"]']);
  assert.deepEqual(s.expose, ['3306/tcp', '8080/tcp', '53/udp', '9000/tcp', '9001/tcp']);
});

test('short volume syntax', () => {
  assert.deepEqual(parseShortVolume('/data'), { mount: { type: 'anonymous', target: '/data' } });
  assert.deepEqual(parseShortVolume('db:/var/lib/mysql'), { mount: { type: 'volume', source: 'db', target: '/var/lib/mysql', readOnly: false }, volume: 'db' });
  assert.deepEqual(parseShortVolume('./conf:/etc/app:ro'), { mount: { type: 'bind', source: './conf', target: '/etc/app', readOnly: true } });
  assert.deepEqual(parseShortVolume('/abs:/x:ro,z'), { mount: { type: 'bind', source: '/abs', target: '/x', readOnly: true, mode: 'z' } });
  assert.deepEqual(parseShortVolume('~/x:/y'), { mount: { type: 'bind', source: '~/x', target: '/y', readOnly: false } });
  assert.ok('error' in parseShortVolume('relative'));
  assert.ok('error' in parseShortVolume('db:/x:bogus'));
  assert.ok('error' in parseShortVolume('db:relative'));
});

test('service volumes, tmpfs and the declaration rule', () => {
  const s = service(['image: alpine', 'volumes:', '  - data:/data', '  - { type: bind, source: ./src, target: /src, read_only: true }',
    '  - { type: tmpfs, target: /cache, tmpfs: { size: 1000000 } }', 'tmpfs: ["/run:size=64m"]'], {}, ['volumes: { data: }']);
  assert.deepEqual(s.mounts, [
    { type: 'volume', source: 'data', target: '/data', readOnly: false },
    { type: 'bind', source: './src', target: '/src', readOnly: true },
    { type: 'tmpfs', target: '/cache', options: 'size=1000000' },
    { type: 'tmpfs', target: '/run', options: 'size=64m' },
  ]);
  const issues = issuesOf(lines('services:', '  s:', '    image: alpine', '    volumes: [undeclared:/x]'));
  assert.equal(issues.length, 1);
  assert.deepEqual([issues[0].line, issues[0].col, issues[0].field], [4, 15, 'services.s.volumes[0]']);
  assert.match(issues[0].message, /volume 'undeclared' is not declared/);
});

test('top-level volumes: external, name, labels; other keys refused', () => {
  const { template } = parse(lines('volumes:', '  cache:', '  shared: { external: true, name: team-cache }', '  old: { external: { name: legacy } }',
    '  tagged: { labels: [a=b] }', 'services:', '  s: { image: alpine }'));
  assert.deepEqual(template.volumes, [
    { name: 'cache', labels: {} },
    { name: 'shared', external: 'team-cache', labels: {} },
    { name: 'old', external: 'legacy', labels: {} },
    { name: 'tagged', labels: { a: 'b' } },
  ]);
  const issues = issuesOf(lines('volumes:', '  v: { driver: local, size: 3 }', 'services:', '  s: { image: alpine }'));
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field, i.message]), [[2, 23, 'volumes.v.size', "unknown key 'size' in volume 'v'"]]);
});

test('environment: map and list forms, values from variables, env_file underneath', () => {
  const files: Record<string, string> = { 'common.env': 'A=from-file\nB=file\n# c\nQ="${HOST}:1"\nS=\'${HOST}\'\n' };
  const s = service(['image: alpine', 'env_file: [common.env]', 'environment:', '  - A=from-environment', '  - HOST', '  - MISSING', '  - EMPTY='],
    { vars: { HOST: 'h1' }, readFile: (p) => ({ text: files[p] }) });
  assert.deepEqual(s.environment, { A: 'from-environment', B: 'file', Q: 'h1:1', S: '${HOST}', HOST: 'h1', EMPTY: '' });
  const m = service(['image: alpine', 'environment: { N: 3.10, T: true, U: }'], { vars: { U: 'u' } });
  assert.deepEqual(m.environment, { N: '3.10', T: 'true', U: 'u' });
});

test('a missing env_file is an issue at its entry', () => {
  const issues = issuesOf(lines('services:', '  s:', '    image: alpine', '    env_file:', '      - ok.env', '      - nope.env'),
    { readFile: (p) => (p === 'ok.env' ? { text: 'A=1\n' } : { missing: true }) });
  assert.equal(issues.length, 1);
  assert.deepEqual([issues[0].line, issues[0].col, issues[0].field], [6, 9, 'services.s.env_file[1]']);
  assert.match(issues[0].message, /env_file 'nope\.env' not found/);
  // required: false makes it optional, as in compose.
  const s = service(['image: alpine', 'env_file: [{ path: nope.env, required: false }]'], { readFile: () => ({ missing: true }) });
  assert.deepEqual(s.environment, {});
});

test('an env_file that cannot be read is an issue at its entry, also with required: false', () => {
  const read = (p: string) => (p === 'fifo' ? { problem: 'is a FIFO, not a regular file' } : { missing: true as const });
  const issues = issuesOf(lines('services:', '  s:', '    image: alpine', '    env_file: [fifo, { path: fifo, required: false }]'), { readFile: read });
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field, i.message]), [
    [4, 16, 'services.s.env_file[0]', "env_file 'fifo' is a FIFO, not a regular file"],
    [4, 22, 'services.s.env_file[1]', "env_file 'fifo' is a FIFO, not a regular file"],
  ]);
});

test('env_file errors say the line and what is wrong, never the file\'s text', () => {
  const text = 'root:$6$SECRETSALT$hash:::\nA=${NOPE:?SECRETWORDS}\nB=${\nC=${UNSET_ONE}\n';
  const opts = { readFile: () => ({ text }) };
  const messages = issuesOf(lines('services:', '  s:', '    image: alpine', '    env_file: other.env'), opts).map((i) => i.message);
  assert.deepEqual(messages, [
    "env_file 'other.env' line 1: not a valid variable name (expected KEY=VALUE)",
    "env_file 'other.env' line 2: the value needs a variable that is not set (${VAR:?...} or ${VAR?...})",
    "env_file 'other.env' line 3: invalid interpolation in the value (an unclosed or empty ${...}; write $$ for a literal $)",
  ]);
  const { warnings } = parse(lines('services:', '  s:', '    image: alpine', '    env_file: ok.env'), { readFile: () => ({ text: 'C=${UNSET_ONE}\n' }) });
  assert.deepEqual(warnings, ["env_file 'ok.env' line 1: the value uses a variable that is not set, using an empty string for it"]);
});

test('messages quote at most the offending line, trimmed', () => {
  const prose = issuesOf('just some words\nSECRET on line two\n');
  assert.deepEqual(prose.map((i) => i.message), ['expected a mapping with services, got "just some words" (the first of several lines)']);
  const key = 'k'.repeat(3000);
  const [wide] = issuesOf(lines('services:', '  s:', '    image: alpine', `    ? ${key}`, '    : 1'));
  assert.ok(wide.message.length < 200, wide.message);
  assert.ok(wide.field!.length < 120, wide.field);
  assert.match(wide.message, /^unknown key 'k+…' in service 's'$/);
  // An escape sequence YAML decodes to ESC (a raw ESC in the file is refused as it stands).
  const [esc] = issuesOf(lines('services:', '  s:', '    image: alpine', '    x-ip: "\\x1b[2J10"'));
  assert.match(esc.message, /got "\\x1b\[2J10"$/);
});

test('command and entrypoint: strings are split like a shell, lists kept', () => {
  const s = service(['image: alpine', `command: sh -c 'echo "hi there"'`, 'entrypoint: ["/bin/tini", "--"]']);
  assert.deepEqual(s.command, ['sh', '-c', 'echo "hi there"']);
  assert.deepEqual(s.entrypoint, ['/bin/tini', '--']);
});

test('healthcheck forms', () => {
  const s = service(['image: alpine', 'healthcheck:', '  test: curl -f localhost', '  interval: 1m30s', '  timeout: 500ms', '  retries: 5', '  start_period: 0', '  start_interval: 1s']);
  assert.deepEqual(s.healthcheck, { test: ['CMD-SHELL', 'curl -f localhost'], intervalNs: 90e9, timeoutNs: 500e6, retries: 5, startPeriodNs: 0, startIntervalNs: 1e9 });
  assert.deepEqual(service(['image: a', 'healthcheck: { test: [CMD, pg_isready] }']).healthcheck, { test: ['CMD', 'pg_isready'] });
  assert.deepEqual(service(['image: a', 'healthcheck: { disable: true }']).healthcheck, { test: ['NONE'] });
  const issues = issuesOf(lines('services:', '  s:', '    image: a', '    healthcheck: { test: [RUN, x], interval: soon }'));
  assert.deepEqual(issues.map((i) => i.field), ['services.s.healthcheck.test', 'services.s.healthcheck.interval']);
});

test('build, restart, stop settings, extra_hosts, labels, user', () => {
  const s = service(['build: { context: ./app, dockerfile: Dockerfile.dev, args: [VERSION=1, FROM_ENV], target: dev }', 'restart: on-failure:3',
    'stop_signal: SIGINT', 'stop_grace_period: 1500ms', 'extra_hosts: ["db:10.0.0.2", "api=10.0.0.3"]', 'labels: { team: qa }', 'user: 1000',
    'working_dir: /app', 'hostname: web'], { vars: { FROM_ENV: 'x' } }, ['name: demo']);
  assert.deepEqual(s.build, { context: './app', dockerfile: 'Dockerfile.dev', args: { VERSION: '1', FROM_ENV: 'x' }, target: 'dev' });
  assert.equal(s.image, 'demo-s'); // compose's <project>-<service> for a build without image
  assert.equal(s.restart, 'on-failure:3');
  assert.equal(s.stopSignal, 'SIGINT');
  assert.equal(s.stopGracePeriodS, 2);
  assert.deepEqual(s.extraHosts, ['db:10.0.0.2', 'api:10.0.0.3']);
  assert.deepEqual(s.labels, { team: 'qa' });
  assert.equal(s.user, '1000');
  assert.equal(s.workingDir, '/app');
  assert.equal(s.hostname, 'web');
  assert.ok(!('command' in s), 'unset optional fields are absent');
});

test('presets: defaults fill in, the file wins', () => {
  const mysql = service(['x-preset: mysql']);
  assert.equal(mysql.image, 'mysql:8.0');
  assert.deepEqual(mysql.environment, { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' });
  const mongo = service(['x-preset: mongo', 'volumes: ["./db:/data/db"]', 'healthcheck: { start_period: 5m }', 'expose: [27017]']);
  assert.equal(mongo.image, 'mongo:7');
  assert.deepEqual(mongo.mounts, [{ type: 'bind', source: './db', target: '/data/db', readOnly: false }]);
  assert.deepEqual(mongo.expose, ['27017/tcp']);
  assert.equal(mongo.healthcheck?.startPeriodNs, 300e9);
  assert.deepEqual(mongo.healthcheck?.test, PRESETS.mongo.healthcheck.test);
  const { template } = parse(lines('services:', '  m: { x-preset: mongo, volumes: ["./db:/data/db"] }'));
  assert.deepEqual(template.volumes, [], 'no preset volume when the file mounts its own data path');
});

test('x-s2i is checked with locations and needs an image', () => {
  const s = service(['image: qa/app:latest', 'x-s2i: { builder: centos/python, git: ../repo, ref: main, context_dir: app/, env: { A: 1 }, incremental: true }']);
  assert.deepEqual(s.s2i, { builder: 'centos/python', git: '../repo', ref: 'main', contextDir: 'app', env: { A: '1' }, incremental: true });
  const missingImage = issuesOf(lines('services:', '  s:', '    x-s2i: { builder: b, git: g }'));
  assert.equal(missingImage.length, 1);
  assert.match(missingImage[0].message, /x-s2i and needs image/);
  const bad = issuesOf(lines('services:', '  s:', '    image: a', '    x-s2i:', '      builder: b', '      ref: -rf', '      context_dir: ../up', '      colour: red'));
  assert.deepEqual(bad.map((i) => [i.line, i.field]), [[5, 'services.s.x-s2i.git'], [6, 'services.s.x-s2i.ref'], [7, 'services.s.x-s2i.context_dir'], [8, 'services.s.x-s2i.colour']]);
  assert.match(bad[1].message, /begins with '-'/);
});

test('networks: each declared network is the stack\'s own, with host numbers of its own; an undeclared one is refused', () => {
  assert.doesNotThrow(() => parse(lines('networks: { default: }', 'services:', '  s: { image: a, networks: [default] }')));
  const { template, warnings } = parse(lines('networks:', '  front: {}', '  back: { internal: true }', 'services:',
    '  web: { image: a, networks: [front, back] }', '  db: { image: a, networks: { back: { aliases: [database] } } }'));
  assert.deepEqual(template.services.map((s) => [s.hostNumber, s.networks]), [
    [100, [{ network: 'front', aliases: [], hostNumber: 100 }, { network: 'back', aliases: [], hostNumber: 100 }]],
    [101, [{ network: 'back', aliases: ['database'], hostNumber: 101 }]],
  ]);
  assert.deepEqual(template.networks, [{ name: 'front', labels: {} }, { name: 'back', labels: {}, internal: true }]);
  assert.deepEqual(warnings, []);
  const issues = issuesOf(lines('services:', '  s: { image: a, networks: [backend] }'));
  assert.deepEqual(issues.map((i) => [i.line, i.field, i.message]), [[2, 'services.s.networks[0]', "service 's' refers to undefined network 'backend': declare it under the top-level networks:"]]);
});

test('container_name: the container is <stack>-<container_name>, with a note', () => {
  const { template, warnings } = parse(lines('services:', '  s:', '    image: a', '    container_name: fixed'), { vars: { STACK: 'demo-main' } });
  assert.equal(template.services[0].containerName, 'fixed');
  assert.deepEqual(warnings, ["service 's': container_name 'fixed' becomes 'demo-main-fixed', so that the template runs once per branch"]);
  const clash = issuesOf(lines('services:', '  a: { image: x, container_name: b }', '  b: { image: x }'));
  assert.deepEqual(clash.map((i) => [i.line, i.message]), [[3, "services 'a' and 'b' would have the same container name 'b'"]]);
});

test('merge keys and anchors', () => {
  const { template } = parse(lines('x-base: &base', '  image: alpine', '  environment: { A: "1" }', 'services:',
    '  a:', '    <<: *base', '    image: busybox', '  b: *base'));
  assert.deepEqual(template.services.map((s) => [s.name, s.image, s.environment]), [['a', 'busybox', { A: '1' }], ['b', 'alpine', { A: '1' }]]);
});

test('image references', () => {
  assert.equal(imageReferenceProblem('registry.example.com:5000/team/app:1.2-rc'), undefined);
  assert.equal(imageReferenceProblem('mysql@sha256:' + 'a'.repeat(64)), undefined);
  assert.match(imageReferenceProblem('QA/hydra:1') ?? '', /must be lowercase/);
  assert.equal(imageReferenceProblem('qa/hydra:'), "invalid image reference 'qa/hydra:'");
  assert.equal(imageReferenceProblem('a b'), "invalid image reference 'a b'");
});

test('service and template names are checked', () => {
  const issues = issuesOf(lines('name: Bad Name', 'services:', '  -bad: { image: a }'));
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field]), [[1, 7, 'name'], [3, 3, 'services.-bad']]);
});
