import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopWaves } from '../../electron/engine/stacks/down.ts';

test('dependants stop before what they depend on', () => {
  const waves = stopWaves([
    { name: 'mysql', dependsOn: {} },
    { name: 'redis', dependsOn: {} },
    { name: 'app', dependsOn: { mysql: 'service_healthy', redis: 'service_started' } },
    { name: 'worker', dependsOn: { app: 'service_started' } },
  ]);
  assert.deepEqual(waves, [['worker'], ['app'], ['mysql', 'redis']]);
});

test('dependencies on services that are gone are ignored, and cycles still end', () => {
  assert.deepEqual(stopWaves([{ name: 'app', dependsOn: { gone: 'service_started' } }]), [['app']]);
  const waves = stopWaves([
    { name: 'a', dependsOn: { b: 'service_started' } },
    { name: 'b', dependsOn: { a: 'service_started' } },
  ]);
  assert.deepEqual(waves, [['a', 'b']]);
});
