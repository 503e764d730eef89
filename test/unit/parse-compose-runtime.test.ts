// Compose keys that map onto the engine's create options, as the parser reads them: accepted
// forms into the model, refused forms with their line, column and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile, type ParseOptions } from '../../shared/stack/parse.ts';
import { SERVICE_KEYS } from '../../shared/stack/composeKeys.ts';

const FILE = 'stack.yml';
const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string, opts: Partial<ParseOptions> = {}) => parseStackFile(text, { file: FILE, vars: {}, ...opts });
const service = (body: string[], opts: Partial<ParseOptions> = {}) =>
  parse(lines('services:', '  s:', '    image: alpine', ...body.map((l) => `    ${l}`)), opts).template.services[0];

const issuesOf = (text: string, opts: Partial<ParseOptions> = {}): Issue[] => refusedIssues(() => parse(text, opts));
/** Issues of a service `s` (image alpine on line 3) whose further keys start on line 4. */
const serviceIssues = (body: string[]) => issuesOf(lines('services:', '  s:', '    image: alpine', ...body.map((l) => `    ${l}`)));
const places = (issues: Issue[]) => issues.map((i) => [i.line, i.col, i.field]);

test('init, privileged, read_only, stdin_open, tty: booleans, also written as strings', () => {
  const s = service(['init: true', 'privileged: "true"', 'read_only: false', 'stdin_open: true', 'tty: true']);
  assert.deepEqual(s.runtime, { init: true, privileged: true, readOnly: false, stdinOpen: true, tty: true });
  assert.deepEqual(places(serviceIssues(['init: yes please'])), [[4, 11, 'services.s.init']]);
});

test('capabilities, security_opt, group_add: lists; a single string is refused as compose does', () => {
  const s = service(['cap_add: [NET_ADMIN, CAP_CHOWN]', 'cap_drop: [ALL]', 'security_opt: ["no-new-privileges:true"]', 'group_add: [video, 109]']);
  assert.deepEqual(s.runtime, { capAdd: ['NET_ADMIN', 'CAP_CHOWN'], capDrop: ['ALL'], securityOpt: ['no-new-privileges:true'], groupAdd: ['video', '109'] });
  const [issue] = serviceIssues(['cap_add: NET_ADMIN']);
  assert.deepEqual([issue.line, issue.col, issue.field, issue.message], [4, 14, 'services.s.cap_add', 'expected a list of strings, got "NET_ADMIN"']);
});

test('sysctls and ulimits', () => {
  const s = service(['sysctls: { net.core.somaxconn: 1024 }', 'ulimits:', '  nproc: 65535', '  nofile: { soft: 20000, hard: 40000 }', '  memlock: { soft: -1, hard: -1 }']);
  assert.deepEqual(s.runtime?.sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(s.runtime?.ulimits, { nproc: { soft: 65535, hard: 65535 }, nofile: { soft: 20000, hard: 40000 }, memlock: { soft: -1, hard: -1 } });
  assert.deepEqual(service(['sysctls: [net.ipv4.ip_forward=1]']).runtime?.sysctls, { 'net.ipv4.ip_forward': '1' });
  const issues = serviceIssues(['ulimits:', '  nofile: { soft: 1024 }', '  NoFile: 3']);
  assert.deepEqual(issues.map((i) => [i.line, i.field, i.message]), [
    [5, 'services.s.ulimits.nofile', "ulimit 'nofile' needs both soft and hard"],
    [6, 'services.s.ulimits.NoFile', "'NoFile' is not a ulimit name (lowercase letters, like nofile or nproc)"],
  ]);
});

test('devices: short and long forms', () => {
  const s = service(['devices:', '  - /dev/fuse', '  - /dev/ttyUSB0:/dev/ttyACM0', '  - /dev/snd:/dev/snd:rw', '  - { source: /dev/dri, target: /dev/dri2 }']);
  assert.deepEqual(s.runtime?.devices, [
    { source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' },
    { source: '/dev/ttyUSB0', target: '/dev/ttyACM0', permissions: 'rwm' },
    { source: '/dev/snd', target: '/dev/snd', permissions: 'rw' },
    { source: '/dev/dri', target: '/dev/dri2', permissions: 'rwm' },
  ]);
  assert.deepEqual(places(serviceIssues(['devices: [ttyUSB0]'])), [[4, 15, 'services.s.devices[0]']]);
});

test('dns, dns_search (a string or a list), dns_opt, domainname, shm_size', () => {
  const s = service(['dns: 1.1.1.1', 'dns_search: [a.example, b.example]', 'dns_opt: [use-vc]', 'domainname: corp.example', 'shm_size: 2gb']);
  assert.deepEqual(s.runtime, { dns: ['1.1.1.1'], dnsSearch: ['a.example', 'b.example'], dnsOpt: ['use-vc'], domainname: 'corp.example', shmSizeBytes: 2 * 1024 ** 3 });
  assert.equal(service(['shm_size: 67108864']).runtime?.shmSizeBytes, 67108864);
  assert.deepEqual(places(serviceIssues(['shm_size: lots'])), [[4, 15, 'services.s.shm_size']]);
});

test('ipc and pid: modes, service:NAME of the file (started first), container: refused', () => {
  const { template } = parse(lines('services:', '  a: { image: x, ipc: shareable }', '  b: { image: x, ipc: "service:a", pid: "service:a" }', '  h: { image: x, pid: host, ipc: host }'));
  assert.deepEqual(template.services.map((s) => [s.name, s.runtime, s.dependsOn]), [
    ['a', { ipc: 'shareable' }, {}],
    ['b', { ipc: 'service:a', pid: 'service:a' }, { a: 'service_started' }],
    ['h', { pid: 'host', ipc: 'host' }, {}],
  ]);
  const issues = issuesOf(lines('services:', '  a: { image: x, ipc: "container:other" }', '  b: { image: x, pid: "service:nope" }'));
  assert.deepEqual(issues.map((i) => [i.line, i.field, i.message]), [
    [2, 'services.a.ipc', "ipc 'container:other' is not supported by Branchyard: it joins a container outside the stack; use service:NAME for a service of the file"],
    [3, 'services.b.pid', "service 'b' refers to undefined service 'nope' in pid"],
  ]);
});

test('logging: driver and options', () => {
  const s = service(['logging:', '  driver: json-file', '  options: { max-size: 10m, max-file: 3 }']);
  assert.deepEqual(s.runtime?.logging, { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
  assert.deepEqual(places(serviceIssues(['logging: { drive: local }'])), [[4, 16, 'services.s.logging.drive']]);
});

test('legacy resource keys and deploy.resources, which wins', () => {
  const s = service(['mem_limit: 1g', 'mem_reservation: 512m', 'memswap_limit: -1', 'cpus: 1.5', 'cpu_shares: 512', 'cpuset: "0,1"', 'pids_limit: 100',
    'deploy:', '  resources:', '    limits: { cpus: "0.50", memory: 256M, pids: 50 }', '    reservations: { memory: 64m, cpus: "0.25" }']);
  assert.deepEqual(s.runtime?.resources, {
    memoryBytes: 256 * 1024 ** 2, memoryReservationBytes: 64 * 1024 ** 2, memorySwapBytes: -1, nanoCpus: 5e8, cpuShares: 512, cpusetCpus: '0,1', pidsLimit: 50,
  });
  const issues = serviceIssues(['deploy:', '  resources:', '    limits: { memory: lots }', '    impossible: { x: 1 }']);
  assert.deepEqual(issues.map((i) => [i.line, i.field]), [[6, 'services.s.deploy.resources.limits.memory'], [7, 'services.s.deploy.resources.impossible']]);
});

test('GPUs: gpus: all, and device reservations', () => {
  assert.deepEqual(service(['gpus: all']).runtime?.resources?.deviceRequests, [{ count: -1, capabilities: ['gpu'] }]);
  const s = service(['deploy:', '  resources:', '    reservations:', '      devices:', '        - { driver: nvidia, count: 1, capabilities: [gpu] }']);
  assert.deepEqual(s.runtime?.resources?.deviceRequests, [{ driver: nvidia(), count: 1, capabilities: ['gpu'] }]);
  const [issue] = serviceIssues(['deploy:', '  resources:', '    reservations:', '      devices: [{ driver: nvidia }]']);
  assert.match(issue.message, /needs capabilities/);
});
const nvidia = () => 'nvidia';

test('deploy: restart_policy as a restart policy (winning over restart), swarm keys ignored, one replica', () => {
  assert.equal(service(['restart: always', 'deploy: { restart_policy: { condition: on-failure, max_attempts: 3, delay: 5s } }']).restart, 'on-failure:3');
  assert.equal(service(['deploy: { restart_policy: { condition: none } }']).restart, 'no');
  assert.equal(service(['deploy: { restart_policy: {} }']).restart, 'always');
  assert.equal(service(['deploy: { mode: replicated, replicas: 1, placement: { constraints: [x] }, update_config: { parallelism: 2 }, labels: [a=b] }']).restart, undefined);
  const issues = serviceIssues(['deploy: { replicas: 3 }', 'scale: 2']);
  assert.deepEqual(issues.map((i) => [i.line, i.col, i.field]), [[4, 25, 'services.s.deploy.replicas'], [5, 12, 'services.s.scale']]);
  assert.match(issues[0].message, /^replicas 3 is not supported by Branchyard: each service runs one container with its fixed IP/);
});

test('healthcheck: disable and test NONE', () => {
  assert.deepEqual(service(['healthcheck: { disable: true }']).healthcheck, { test: ['NONE'] });
  assert.deepEqual(service(['healthcheck: { test: [NONE] }']).healthcheck, { test: ['NONE'] });
});

test('pull_policy and platform', () => {
  assert.equal(service(['pull_policy: always']).pullPolicy, 'always');
  assert.equal(service(['pull_policy: if_not_present']).pullPolicy, 'missing');
  const { template, warnings } = parse(lines('services:', '  s: { image: alpine, pull_policy: daily, platform: linux/arm64/v8 }'));
  assert.deepEqual([template.services[0].pullPolicy, template.services[0].platform], ['missing', 'linux/arm64/v8']);
  assert.match(warnings[0], /pull_policy daily pulls the image only when it is missing/);
  const issues = serviceIssues(['pull_policy: sometimes', 'platform: amd64']);
  assert.deepEqual(places(issues), [[4, 18, 'services.s.pull_policy'], [5, 15, 'services.s.platform']]);
  assert.match(issuesOf(lines('services:', '  s: { image: a, pull_policy: build }'))[0].message, /pull_policy build but no build/);
});

test('oom, cgroup, namespaces and the rest pass through to the engine', () => {
  const s = service(['oom_score_adj: -500', 'oom_kill_disable: true', 'cgroup: host', 'cgroup_parent: m-1', 'uts: host', 'userns_mode: host', 'runtime: runc',
    'storage_opt: { size: 1G }', 'annotations: [a=b]', 'mac_address: "02:42:ac:11:65:43"', 'device_cgroup_rules: ["c 1:3 mr"]', 'blkio_config: { weight: 300, device_read_bps: [{ path: /dev/sda, rate: 1mb }] }']);
  assert.deepEqual(s.runtime, {
    oomScoreAdj: -500, cgroup: 'host', cgroupParent: 'm-1', uts: 'host', usernsMode: 'host', runtime: 'runc', storageOpt: { size: '1G' },
    annotations: { a: 'b' }, macAddress: '02:42:ac:11:65:43', deviceCgroupRules: ['c 1:3 mr'],
    resources: { oomKillDisable: true, blkioWeight: 300, blkioDeviceReadBps: [{ path: '/dev/sda', rate: 1024 ** 2 }] },
  });
  assert.deepEqual(places(serviceIssues(['oom_score_adj: 5000', 'cgroup: shared'])), [[4, 20, 'services.s.oom_score_adj'], [5, 13, 'services.s.cgroup']]);
});

test('every key of the specification a service may have is known: refused ones say why, none is unknown', () => {
  const refused = { ...SERVICE_KEYS.refused, ...SERVICE_KEYS.later };
  for (const key of Object.keys(refused)) {
    const issues = serviceIssues([`${key}: {}`]);
    assert.equal(issues.length, 1, key);
    assert.match(issues[0].message, new RegExp(`^'${key}' in service 's' is not supported by Branchyard( yet)?: .{20,}`), key);
  }
  for (const key of Object.keys(SERVICE_KEYS.ignored ?? {})) assert.doesNotThrow(() => service([`${key}: {}`]), key);
});

test('build options: the classic builder\'s are read, BuildKit\'s refused (yet), dockerfile and dockerfile_inline exclusive', () => {
  const s = parse(lines('services:', '  s:', '    image: app:1', '    build:', '      context: ./app', '      dockerfile_inline: "FROM alpine\\n"',
    '      labels: [a=b]', '      cache_from: [app:cache]', '      shm_size: 2gb', '      extra_hosts: ["h:10.0.0.1"]', '      network: host',
    '      no_cache: true', '      pull: "true"', '      tags: [app:extra]', '      platforms: [linux/amd64]', '      ulimits: { nofile: 1024 }', '      isolation: default')).template.services[0];
  assert.deepEqual(s.build, {
    context: './app', dockerfileInline: 'FROM alpine\n', args: {}, labels: { a: 'b' }, cacheFrom: ['app:cache'], shmSizeBytes: 2 * 1024 ** 3,
    extraHosts: ['h:10.0.0.1'], network: 'host', noCache: true, pull: true, tags: ['app:extra'], platform: 'linux/amd64',
    ulimits: { nofile: { soft: 1024, hard: 1024 } }, isolation: 'default',
  });
  const issues = issuesOf(lines('services:', '  s:', '    build:', '      dockerfile: D', '      dockerfile_inline: FROM x', '      ssh: [default]', '      platforms: [linux/amd64, linux/arm64]'));
  assert.deepEqual(issues.map((i) => [i.line, i.field]), [[5, 'services.s.build.dockerfile_inline'], [6, 'services.s.build.ssh'], [7, 'services.s.build.platforms']]);
  assert.match(issues[1].message, /^'ssh' in build of service 's' is not supported by Branchyard yet: it needs BuildKit/);
});
