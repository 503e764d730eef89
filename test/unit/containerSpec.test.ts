import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type StackContext, configHash, containerSpec, withConfigHash } from '../../electron/engine/stacks/containerSpec.ts';
import { changedFields, configFields } from '../../electron/engine/stacks/plan/configFields.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import type { ServiceSpec } from '../../shared/stack/model.ts';
import { type Cidr, parseCidr } from '../../shared/net/ipv4.ts';

const svc: ServiceSpec = {
  name: 'db',
  image: 'branchyard-test/mariadb:10.11',
  environment: { B: '2', A: '1' },
  ports: [{ target: 3306, published: 13306, protocol: 'tcp' }],
  expose: ['3306/tcp'],
  mounts: [
    { type: 'volume', source: 'data', target: '/var/lib/mysql', readOnly: false },
    { type: 'bind', source: './conf', target: '/etc/conf', readOnly: true },
    { type: 'tmpfs', target: '/run' },
  ],
  labels: { team: 'qa' },
  dependsOn: { cache: 'service_healthy' },
  extraHosts: ['gitlab:10.0.0.5'],
  hostNumber: 10,
  healthcheck: { test: ['CMD', 'true'], intervalNs: 1e9, startIntervalNs: 5e8 },
  stopGracePeriodS: 20,
};

const ctx: StackContext = {
  stack: 'hydra-main',
  template: 'hydra',
  branch: 'main',
  file: '/srv/stacks/hydra.yml',
  dir: '/srv/stacks',
  networks: { default: { name: 'hydra-main_default', subnet: parseCidr('10.210.3.0/24') as Cidr } },
  volumeNames: { data: 'hydra-main_data' },
  startIntervalSupported: false,
};

test('the create document carries the fixed IP, alias, labels and resolved mounts', () => {
  const spec = containerSpec(svc, '10.210.3.10', ctx);
  assert.equal(spec.name, 'hydra-main-db');
  assert.deepEqual(spec.Env, ['A=1', 'B=2']);
  assert.deepEqual(spec.NetworkingConfig!.EndpointsConfig!['hydra-main_default'], {
    IPAMConfig: { IPv4Address: '10.210.3.10' },
    Aliases: ['db'],
  });
  assert.equal(spec.Labels![LABEL.stack], 'hydra-main');
  assert.equal(spec.Labels![LABEL.dependsOn], 'cache:service_healthy');
  assert.equal(spec.Labels!.team, 'qa');
  assert.deepEqual(spec.HostConfig!.Binds, ['/srv/stacks/conf:/etc/conf:ro']);
  assert.equal(spec.HostConfig!.Mounts![0].Source, 'hydra-main_data');
  assert.deepEqual(spec.HostConfig!.PortBindings, { '3306/tcp': [{ HostIp: '', HostPort: '13306' }] });
  assert.equal(spec.StopTimeout, 20);
  assert.equal('StartInterval' in spec.Healthcheck!, false, 'left out for old engines');
  assert.equal(containerSpec(svc, '10.210.3.10', { ...ctx, startIntervalSupported: true }).Healthcheck!.StartInterval, 5e8);
});

test('the config hash ignores key order and where the file lives, not the config', () => {
  const base = configHash(containerSpec(svc, '10.210.3.10', ctx));
  const reordered = configHash(containerSpec({ ...svc, environment: { A: '1', B: '2' } }, '10.210.3.10', ctx));
  assert.equal(reordered, base);
  const moved = configHash(containerSpec(svc, '10.210.3.10', { ...ctx, file: '/elsewhere/hydra.yml' }));
  assert.equal(moved, base);
  assert.notEqual(configHash(containerSpec({ ...svc, environment: { A: '1', B: '3' } }, '10.210.3.10', ctx)), base);
  assert.notEqual(configHash(containerSpec(svc, '10.210.3.11', ctx)), base);
});

test('a file without the new compose keys gives the very document it gave before (no recreate on upgrade)', () => {
  const spec = containerSpec(svc, '10.210.3.10', ctx);
  for (const k of ['Init', 'Privileged', 'CapAdd', 'Memory', 'NanoCpus', 'LogConfig', 'VolumesFrom', 'Devices', 'Ulimits']) assert.equal(k in spec.HostConfig!, false, k);
  for (const k of ['Tty', 'OpenStdin', 'platform', 'MacAddress']) assert.equal(k in spec, false, k);
  // The hash main computed for this very service before the compose keys were added.
  assert.equal(configHash(spec), 'b21856b5d88f6e675021031b89422482a483f5d553bd5383c34d79bc3c048693');
});

test('runtime keys become the engine\'s create options', () => {
  const rich: ServiceSpec = {
    ...svc,
    platform: 'linux/amd64',
    runtime: {
      init: true, privileged: true, readOnly: true, tty: true, stdinOpen: true, capAdd: ['NET_ADMIN'], capDrop: ['ALL'], securityOpt: ['no-new-privileges:true'],
      sysctls: { 'net.core.somaxconn': '1024' }, ulimits: { nofile: { soft: 1024, hard: 2048 } }, devices: [{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' }],
      dns: ['1.1.1.1'], dnsSearch: ['corp'], dnsOpt: ['use-vc'], domainname: 'corp', shmSizeBytes: 1 << 26, ipc: 'service:cache', pid: 'host', groupAdd: ['video'],
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      resources: { memoryBytes: 1 << 28, memoryReservationBytes: 1 << 27, nanoCpus: 5e8, pidsLimit: 100, deviceRequests: [{ count: -1, capabilities: ['gpu'] }] },
    },
    volumesFrom: [{ service: 'cache', readOnly: true }],
  };
  const spec = containerSpec(rich, '10.210.3.10', { ...ctx, containerNames: { cache: 'hydra-main-redis' } });
  const h = spec.HostConfig!;
  assert.deepEqual([spec.Tty, spec.OpenStdin, spec.Domainname, (spec as { platform?: string }).platform], [true, true, 'corp', 'linux/amd64']);
  assert.deepEqual(
    [h.Init, h.Privileged, h.ReadonlyRootfs, h.CapAdd, h.CapDrop, h.SecurityOpt, h.Sysctls, h.Dns, h.DnsSearch, h.DnsOptions, h.ShmSize, h.IpcMode, h.PidMode, h.GroupAdd],
    [true, true, true, ['NET_ADMIN'], ['ALL'], ['no-new-privileges:true'], { 'net.core.somaxconn': '1024' }, ['1.1.1.1'], ['corp'], ['use-vc'], 1 << 26, 'container:hydra-main-redis', 'host', ['video']],
  );
  assert.deepEqual(h.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
  assert.deepEqual(h.Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }]);
  assert.deepEqual(h.LogConfig, { Type: 'json-file', Config: { 'max-size': '10m' } });
  assert.deepEqual([h.Memory, h.MemoryReservation, h.NanoCpus, h.PidsLimit], [1 << 28, 1 << 27, 5e8, 100]);
  assert.deepEqual(h.DeviceRequests, [{ Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: {} }]);
  assert.deepEqual(h.VolumesFrom, ['hydra-main-redis:ro']);
  // Each change is named when the service is recreated.
  const before = configFields(withConfigHash(containerSpec(svc, '10.210.3.10', ctx)));
  const after = configFields(withConfigHash(spec));
  assert.deepEqual(changedFields(before, after), [
    'cap_add', 'cap_drop', 'devices', 'dns', 'domainname', 'group_add', 'init', 'ipc', 'logging', 'pid', 'platform', 'privileged', 'read_only', 'resources',
    'security_opt', 'shm_size', 'stdin_open', 'sysctls', 'tty', 'ulimits', 'volumes_from',
  ]);
});

test('container_name, links, network aliases, a host port range', () => {
  const named: ServiceSpec = {
    ...svc, containerName: 'mysql-main', linkAliases: ['database'], networks: [{ network: 'default', aliases: ['db.internal'] }],
    ports: [{ target: 80, published: 6005, publishedLast: 6015, protocol: 'tcp' }],
  };
  const spec = containerSpec(named, '10.210.3.10', ctx);
  assert.equal(spec.name, 'hydra-main-mysql-main');
  assert.deepEqual(spec.NetworkingConfig!.EndpointsConfig!['hydra-main_default'].Aliases, ['db', 'db.internal', 'database']);
  assert.deepEqual(spec.HostConfig!.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '6005-6015' }] });
  assert.deepEqual(changedFields(configFields(withConfigHash(containerSpec(svc, '10.210.3.10', ctx))), configFields(withConfigHash(spec))), ['container_name', 'network or IP', 'ports']);
});

test('several networks: an endpoint on each with its own address and names, the first one the network mode, all in a label', () => {
  const nets = {
    default: { name: 'hydra-main_default', subnet: parseCidr('10.210.3.0/24') as Cidr },
    back: { name: 'hydra-main_back', subnet: parseCidr('10.210.9.0/24') as Cidr, internal: true },
    proxy: { name: 'traefik', subnet: parseCidr('172.30.0.0/16') as Cidr, external: true },
  };
  const multi: ServiceSpec = {
    ...svc, linkAliases: ['database'],
    networks: [
      { network: 'default', aliases: [], hostNumber: 10 },
      { network: 'back', aliases: ['db.back'], hostNumber: 100, driverOpts: { 'com.docker.network.endpoint.x': '1' } },
      { network: 'proxy', aliases: [] },
    ],
  };
  const spec = containerSpec(multi, '10.210.3.10', { ...ctx, networks: nets });
  assert.equal(spec.HostConfig!.NetworkMode, 'hydra-main_default');
  assert.deepEqual(spec.NetworkingConfig!.EndpointsConfig, {
    'hydra-main_default': { IPAMConfig: { IPv4Address: '10.210.3.10' }, Aliases: ['db', 'database'] },
    'hydra-main_back': { IPAMConfig: { IPv4Address: '10.210.9.100' }, Aliases: ['db', 'db.back', 'database'], DriverOpts: { 'com.docker.network.endpoint.x': '1' } },
    // An external network without ipv4_address: the engine gives the address.
    traefik: { Aliases: ['db', 'database'] },
  });
  assert.deepEqual(JSON.parse(spec.Labels![LABEL.networks]!), [
    { network: 'default', name: 'hydra-main_default', subnet: '10.210.3.0/24', ip: '10.210.3.10', aliases: ['db', 'database'] },
    { network: 'back', name: 'hydra-main_back', subnet: '10.210.9.0/24', ip: '10.210.9.100', aliases: ['db', 'db.back', 'database'], internal: true },
    { network: 'proxy', name: 'traefik', aliases: ['db', 'database'], external: true },
  ]);
  // The label is left out of the hash: it says what the endpoints say.
  const relabelled = { ...spec, Labels: { ...spec.Labels, [LABEL.networks]: '[]' } };
  assert.equal(configHash(relabelled), configHash(spec));
  // A second network's address is part of the hash: moving it recreates the container.
  const moved = containerSpec({ ...multi, networks: [multi.networks![0]!, { ...multi.networks![1]!, hostNumber: 101 }, multi.networks![2]!] }, '10.210.3.10', { ...ctx, networks: nets });
  assert.notEqual(configHash(moved), configHash(spec));
});

test('network_mode none and service:X: no endpoint of its own; service:X has no host name or ports either', () => {
  const none = containerSpec({ ...svc, networkMode: 'none' }, '', ctx);
  assert.deepEqual([none.HostConfig!.NetworkMode, none.NetworkingConfig!.EndpointsConfig], ['none', {}]);
  const shared = containerSpec({ ...svc, networkMode: 'service:vpn', ports: [], expose: [], extraHosts: [] }, '10.210.3.4', { ...ctx, containerNames: { vpn: 'hydra-main-vpn' } });
  assert.deepEqual([shared.HostConfig!.NetworkMode, shared.NetworkingConfig!.EndpointsConfig], ['container:hydra-main-vpn', {}]);
  for (const k of ['Hostname', 'ExposedPorts']) assert.equal(k in shared, false, k);
  for (const k of ['PortBindings', 'ExtraHosts']) assert.equal(k in shared.HostConfig!, false, k);
});

test('a bind that must not create its source (secrets, create_host_path: false) is a Mounts bind', () => {
  const spec = containerSpec({ ...svc, mounts: [{ type: 'bind', source: './pw.txt', target: '/run/secrets/pw', readOnly: true, createHostPath: false }] }, '10.210.3.10', ctx);
  assert.deepEqual(spec.HostConfig!.Mounts, [{ Type: 'bind', Source: '/srv/stacks/pw.txt', Target: '/run/secrets/pw', ReadOnly: true }]);
  assert.deepEqual(spec.HostConfig!.Binds, []);
});
