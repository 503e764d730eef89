// down against a fake engine that records when each call starts and ends: stops keep the reverse
// dependency order but do not wait for unrelated services, a cancel begins no further stop, the
// network is removed beside the containers, and a network the engine refuses while a container
// holds it is tried again when the containers are gone.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import type { ServiceStatus, StackStatus } from '../../shared/stack/status.ts';
import { removeStack, stopStack } from '../../electron/engine/stacks/down.ts';

type Event = { t: number; what: string };

function fakeEngine(stopMs: Record<string, number>, o: { refuseNetworkOnce?: boolean } = {}) {
  const events: Event[] = [];
  const t0 = Date.now();
  const log = (what: string) => events.push({ t: Date.now() - t0, what });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let refuse = o.refuseNetworkOnce ?? false;
  const docker = {
    getContainer: (id: string) => ({
      stop: async () => {
        log(`stop ${id}`);
        await sleep(stopMs[id] ?? 10);
        log(`stopped ${id}`);
      },
      remove: async () => {
        log(`remove ${id}`);
        await sleep(50);
        log(`removed ${id}`);
      },
    }),
    listNetworks: async () => [{ Id: 'net1', Name: 's_default' }],
    // Their labels name no pre_stop hooks.
    listContainers: async () => [],
    getNetwork: () => ({
      remove: async () => {
        log('remove network');
        if (refuse) {
          refuse = false;
          throw Object.assign(new Error('network s_default has active endpoints'), { statusCode: 403 });
        }
      },
    }),
    listVolumes: async () => ({ Volumes: [] }),
  } as unknown as Docker;
  const at = (what: string) => {
    const e = events.find((x) => x.what === what);
    assert.ok(e, `${what} happened`);
    return e.t;
  };
  return { docker, events, at };
}

function service(name: string, dependsOn: Record<string, string> = {}, state: ServiceStatus['state'] = 'running'): ServiceStatus {
  return { name, containerId: name, containerName: `s-${name}`, image: 'i', ip: '', state, health: 'none', dependsOn };
}

function stack(services: ServiceStatus[]): StackStatus {
  return { name: 's', template: 's', status: 'running', services };
}

const STACK = stack([
  service('mysql'),
  service('redis'),
  service('api', { mysql: 'service_healthy' }),
  service('worker', { redis: 'service_healthy' }),
  service('web', { api: 'service_healthy' }),
]);

test('every service stops after its dependants, and only waits for those', async () => {
  const { docker, at } = fakeEngine({ web: 200, api: 10, worker: 10, mysql: 10, redis: 10 });
  await stopStack(docker, STACK);
  assert.ok(at('stop api') >= at('stopped web'));
  assert.ok(at('stop mysql') >= at('stopped api'));
  assert.ok(at('stop redis') >= at('stopped worker'));
  // redis depends on nothing that web holds up: it is stopped long before web is.
  assert.ok(at('stopped redis') < at('stopped web'), 'a slow service does not hold up unrelated ones');
});

test('a cancel begins no further stop and is thrown once the stops under way ended', async () => {
  const { docker, events } = fakeEngine({ web: 100, worker: 10 });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(stopStack(docker, STACK, undefined, abort.signal), (e: Error & { kind?: string }) => e.kind === 'cancelled');
  const started = events.filter((e) => e.what.startsWith('stop ')).map((e) => e.what);
  // worker stopped before the cancel, so redis had begun; api and mysql wait for web: never begun.
  assert.ok(!started.includes('stop api') && !started.includes('stop mysql'), started.join(', '));
});

test('the network is removed beside the containers, volumes are kept without --volumes', async () => {
  const { docker, at } = fakeEngine({});
  const result = await removeStack(docker, 's', STACK);
  const lastRemoved = Math.max(...STACK.services.map((s) => at(`removed ${s.name}`)));
  assert.ok(at('remove network') < lastRemoved, 'the network does not wait for the container removals');
  assert.deepEqual(result.removed.containers.sort(), ['s-api', 's-mysql', 's-redis', 's-web', 's-worker']);
  assert.deepEqual(result.removed.networks, ['s_default']);
  assert.deepEqual(result.removed.volumes, []);
});

test('a network refused while containers hold it is removed once they are gone', async () => {
  const { docker, events, at } = fakeEngine({}, { refuseNetworkOnce: true });
  const result = await removeStack(docker, 's', STACK);
  assert.deepEqual(result.removed.networks, ['s_default']);
  const tries = events.filter((e) => e.what === 'remove network');
  assert.equal(tries.length, 2);
  const lastRemoved = Math.max(...STACK.services.map((s) => at(`removed ${s.name}`)));
  assert.ok(tries[1].t >= lastRemoved, 'tried again after the containers were removed');
});

test('a stack that is gone is fine: its leftover network still goes', async () => {
  const { docker } = fakeEngine({});
  const gone = await removeStack(docker, 's', undefined);
  assert.deepEqual(gone.removed, { containers: [], networks: ['s_default'], volumes: [] });
});
