// Several networks per stack on the real engine: each network of the file is the stack's own
// bridge on its own subnet (from the file or the pool), every container has its fixed address on
// each of its networks (inspect says so), names resolve per network, an internal network has no
// way out, an external network is joined (and refused when it does not exist), a recreate keeps
// every address, `start` makes a removed network again with the containers' aliases there, and
// teardown removes the stack's networks but not the external one.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('nets');
const tmp = tempDir();
const stack = `${prefix}-multi`;
const external = `${prefix}-proxy`;
const APP = IMAGES.app;

const file = (env = 'one') => tmp.write('compose.yaml', `
name: ${prefix}
x-branchyard:
  subnet: 10.233.51.0/24
services:
  db:
    image: ${APP}
    command: [python3, -m, http.server, "8000"]
    x-ip: 10
    networks:
      back:
        aliases: [database]
  api:
    image: ${APP}
    command: [sleep, infinity]
    environment: { VERSION: ${env} }
    x-ip: 20
    networks:
      default:
      back:
        ipv4_address: 10.233.52.20
        aliases: [api.back]
  web:
    image: ${APP}
    command: [sleep, infinity]
    networks: [default, front, proxy]
networks:
  back:
    internal: true
    ipam:
      config:
        - subnet: 10.233.52.0/24
  front: {}
  proxy:
    external: true
    name: ${external}
`);

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

const idOf = (s: StackStatus, service: string) => s.services.find((x) => x.name === service)!.containerId;

async function sh(s: StackStatus, service: string, script: string): Promise<{ code: number; output: string }> {
  const r = await execIn(idOf(s, service), ['sh', '-c', script]);
  return { code: r.code, output: r.output.trim() };
}

/** Network name -> the container's address there, as inspect has it. */
async function addresses(id: string): Promise<Record<string, string>> {
  const info = await docker.getContainer(id).inspect();
  return Object.fromEntries(Object.entries(info.NetworkSettings.Networks).map(([n, e]) => [n, e.IPAddress]));
}

describe('several networks per stack on the real engine', { timeout: 300_000 }, () => {
  let status: StackStatus;
  let front = '';
  before(async () => {
    await removeAll(prefix);
    await docker.getNetwork(external).remove().catch(() => {});
    const missing = await cli(['up', file(), '--name', stack, '--wait', '--timeout', '60']);
    assert.notEqual(missing.code, 0, 'an external network that does not exist is refused');
    assert.match(missing.stderr, new RegExp(`external network '${external}' \\(networks\\.proxy of the file\\) does not exist: create it with docker network create ${external}`));
    assert.deepEqual(await labelledObjects(prefix), [], 'and nothing was made');
    await docker.createNetwork({ Name: external, Driver: 'bridge', IPAM: { Driver: 'default', Config: [{ Subnet: '10.233.59.0/24' }] } });
    const plan = await cli(['up', file(), '--name', stack, '--dry-run']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, new RegExp(`create +network ${stack}_default 10\\.233\\.51\\.0/24`));
    assert.match(plan.stdout, new RegExp(`create +network ${stack}_back 10\\.233\\.52\\.0/24 +\\(internal: no way out of it\\)`));
    assert.match(plan.stdout, new RegExp(`create +network ${stack}_front 10\\.210\\.\\d+\\.0/24`));
    assert.match(plan.stdout, new RegExp(`join +network ${external} 10\\.233\\.59\\.0/24`));
    assert.match(plan.stdout, /create +service api on 10\.233\.51\.20 \(default\), 10\.233\.52\.20 \(back\)/);
    front = /network \S+_front (10\.210\.\d+)\.0\/24/.exec(plan.stdout)![1]!;
    const r = await cli(['up', file(), '--name', stack, '--wait', '--timeout', '120']);
    assert.equal(r.code, 0, r.stderr);
    status = await ps();
  });
  after(async () => {
    await cli(['down', stack, '--volumes', '--force']);
    await removeAll(prefix);
    await docker.getNetwork(external).remove().catch(() => {});
    tmp.remove();
  });

  it('gives every container its fixed address on each of its networks, as inspect shows', async () => {
    assert.deepEqual(await addresses(idOf(status, 'db')), { [`${stack}_back`]: '10.233.52.10' });
    assert.deepEqual(await addresses(idOf(status, 'api')), { [`${stack}_default`]: '10.233.51.20', [`${stack}_back`]: '10.233.52.20' });
    const web = await addresses(idOf(status, 'web'));
    assert.deepEqual(Object.keys(web).sort(), [`${stack}_default`, `${stack}_front`, external].sort());
    assert.equal(web[`${stack}_default`], '10.233.51.100');
    assert.equal(web[`${stack}_front`], `${front}.100`);
    assert.match(web[external]!, /^10\.233\.59\.\d+$/, 'the external network gives its own address');
    const back = await docker.getNetwork(`${stack}_back`).inspect();
    assert.deepEqual([back.Internal, back.IPAM?.Config?.[0]?.Subnet, back.Labels?.['io.branchyard.network']], [true, '10.233.52.0/24', 'back']);
    assert.equal(status.services.find((s) => s.name === 'db')!.ip, '10.233.52.10');
  });

  it('resolves names on each network: a container reaches another by its alias on the second network', async () => {
    assert.equal((await sh(status, 'api', 'getent hosts database')).output.split(/\s+/)[0], '10.233.52.10');
    const got = await sh(status, 'api', 'curl -s -o /dev/null -w "%{http_code}" --max-time 5 http://database:8000/');
    assert.equal(got.output, '200', 'api reaches db by its alias on back');
    assert.equal((await sh(status, 'db', 'getent hosts api.back')).output.split(/\s+/)[0], '10.233.52.20');
    // web is not on back: db's names there mean nothing to it.
    assert.notEqual((await sh(status, 'web', 'getent hosts database')).code, 0);
  });

  it('an internal network has no way out: what api sends beyond the host leaves, what db sends is dropped', async (t) => {
    // The host's own gateway, outside every network of the engine: a packet there from a
    // container is forwarded, unless the container's only network is internal.
    const hex = readFileSync('/proc/net/route', 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[1] === '00000000')?.[2];
    if (!hex) return t.skip('this host has no default route');
    const n = Number.parseInt(hex, 16);
    const gw = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
    const probe = `curl -s -o /dev/null --max-time 3 http://${gw}:80/; echo $?`;
    const fromApi = (await sh(status, 'api', probe)).output;
    if (fromApi === '28') return t.skip(`the host's gateway ${gw} answers no one: nothing to compare with`);
    assert.match(fromApi, /^(0|7|52|56)$/, 'api reaches past the host (connected or refused)');
    assert.equal((await sh(status, 'db', probe)).output, '28', 'db on the internal network times out: its packets are dropped');
  });

  it('a recreate keeps the addresses on every network', async () => {
    const r = await cli(['up', file('two'), '--name', stack, '--wait', '--timeout', '120', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const acts = (JSON.parse(r.stdout) as { actions: { name: string; action: string }[] }).actions;
    assert.deepEqual(acts.map((a) => [a.name, a.action]).sort(), [['api', 'recreated'], ['db', 'unchanged'], ['web', 'unchanged']]);
    status = await ps();
    assert.deepEqual(await addresses(idOf(status, 'api')), { [`${stack}_default`]: '10.233.51.20', [`${stack}_back`]: '10.233.52.20' });
    assert.equal((await sh(status, 'api', 'curl -s -o /dev/null -w "%{http_code}" --max-time 5 http://database:8000/')).output, '200');
  });

  it('start makes a removed network again and reconnects the containers there with their aliases', async () => {
    assert.equal((await cli(['stop', stack])).code, 0);
    await docker.getNetwork(`${stack}_back`).remove();
    const r = await cli(['start', stack, '--wait', '--timeout', '120']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`network ${stack}_back is gone: making it again on 10\\.233\\.52\\.0/24`));
    status = await ps();
    assert.deepEqual(await addresses(idOf(status, 'db')), { [`${stack}_back`]: '10.233.52.10' });
    assert.equal((await docker.getNetwork(`${stack}_back`).inspect()).Internal, true);
    assert.equal((await sh(status, 'api', 'curl -s -o /dev/null -w "%{http_code}" --max-time 5 http://database:8000/')).output, '200', 'the alias is there again');
  });

  it('teardown removes every network of the stack and leaves the external one', async () => {
    const r = await cli(['down', stack, '--volumes', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await labelledObjects(prefix), []);
    const left = (await docker.listNetworks()).map((n) => n.Name).filter((n) => n.startsWith(prefix));
    assert.deepEqual(left, [external]);
  });
});
