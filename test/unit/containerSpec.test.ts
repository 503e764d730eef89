import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type StackContext, configHash, containerSpec } from '../../electron/engine/stacks/containerSpec.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import type { ServiceSpec } from '../../shared/stack/model.ts';

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
  networkName: 'hydra-main_default',
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
