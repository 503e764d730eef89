// Compose keys that map onto the engine's create options, with the engine as the judge: init is
// PID 1, limits are what inspect and the cgroup say, capabilities are effective, sysctls and
// ulimits apply, container_name names the container <stack>-<name>, links and aliases resolve,
// network_mode service:X shares X's address, volumes_from shares X's volumes, a secret file is
// readable at /run/secrets, and profiles decide which services run.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('compose');
const tmp = tempDir();
const IMAGE = 'branchyard-test/debian:bookworm';
const stack = `${prefix}-keys`;

mkdirSync(join(tmp.dir, 'secrets'));
writeFileSync(join(tmp.dir, 'secrets', 'db_password.txt'), 'hunter2\n');

const file = tmp.write('compose.yaml', `
name: ${prefix}
x-branchyard:
  subnet: 10.233.41.0/24
services:
  tini:
    image: ${IMAGE}
    init: true
    command: sleep infinity
    container_name: pid-one
    deploy:
      resources:
        limits: { memory: 64m, cpus: "0.5", pids: 50 }
        reservations: { memory: 32m }
    cap_add: [NET_ADMIN]
    sysctls: { net.core.somaxconn: 1024 }
    ulimits:
      nofile: { soft: 2048, hard: 4096 }
    volumes: [/shared]
    secrets: [db_password]
    networks:
      default:
        aliases: [tini.internal]
  plain:
    image: ${IMAGE}
    command: sleep infinity
    stop_grace_period: 1s
    links: ["tini:legacy-name"]
    volumes_from: ["tini:ro"]
  sidecar:
    image: ${IMAGE}
    command: sleep infinity
    network_mode: "service:tini"
  debug:
    image: ${IMAGE}
    command: sleep infinity
    profiles: [debug]
secrets:
  db_password:
    file: ./secrets/db_password.txt
`);

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

async function sh(status: StackStatus, service: string, script: string): Promise<string> {
  const s = status.services.find((x) => x.name === service);
  assert.ok(s, `no service ${service}`);
  const r = await execIn(s.containerId, ['sh', '-c', script]);
  assert.equal(r.code, 0, r.output);
  return r.output.trim();
}

describe('compose keys on the real engine', { timeout: 240_000 }, () => {
  let status: StackStatus;
  before(async () => {
    await removeAll(prefix);
    const r = await cli(['up', file, '--name', stack, '--wait', '--timeout', '120']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /container_name 'pid-one' becomes '.*-keys-pid-one'/);
    status = await ps();
  });
  after(async () => {
    await cli(['down', stack, '--volumes', '--force']);
    await removeAll(prefix);
    tmp.remove();
  });

  it('runs the engine\'s init as PID 1, in a container named <stack>-<container_name>', async () => {
    assert.equal(await sh(status, 'tini', 'cat /proc/1/comm'), 'docker-init');
    const tini = status.services.find((s) => s.name === 'tini')!;
    assert.equal(tini.containerName, `${stack}-pid-one`);
    assert.equal((await docker.getContainer(`${stack}-pid-one`).inspect()).Id, tini.containerId);
  });

  it('applies deploy.resources: inspect and the cgroup show the limits', async () => {
    const tini = status.services.find((s) => s.name === 'tini')!;
    const h = (await docker.getContainer(tini.containerId).inspect()).HostConfig;
    assert.deepEqual([h.Memory, h.MemoryReservation, h.NanoCpus, h.PidsLimit], [64 * 1024 ** 2, 32 * 1024 ** 2, 5e8, 50]);
    const cgroup = await sh(status, 'tini', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes');
    assert.equal(cgroup, String(64 * 1024 ** 2));
  });

  it('gives cap_add, sysctls and ulimits to the process, and not to a service without them', async () => {
    const netAdmin = (capEff: string) => (BigInt(`0x${capEff.split(/\s+/)[1]}`) >> 12n) & 1n;
    assert.equal(netAdmin(await sh(status, 'tini', 'grep CapEff /proc/self/status')), 1n);
    assert.equal(netAdmin(await sh(status, 'plain', 'grep CapEff /proc/self/status')), 0n);
    assert.equal(await sh(status, 'tini', 'cat /proc/sys/net/core/somaxconn'), '1024');
    assert.equal(await sh(status, 'tini', 'grep "open files" /proc/self/limits'), 'Max open files            2048                 4096                 files');
  });

  it('resolves network aliases and link aliases by name, to the fixed IP', async () => {
    const tini = status.services.find((s) => s.name === 'tini')!;
    for (const name of ['tini', 'tini.internal', 'legacy-name']) {
      assert.equal((await sh(status, 'plain', `getent hosts ${name}`)).split(/\s+/)[0], tini.ip, name);
    }
  });

  it('shares the network of service:X and the volumes of volumes_from', async () => {
    const tini = status.services.find((s) => s.name === 'tini')!;
    assert.ok(tini.ip.startsWith('10.233.41.'));
    const sidecarIp = await sh(status, 'sidecar', "getent ahostsv4 $(hostname) | head -1 | cut -d' ' -f1");
    assert.equal(sidecarIp, tini.ip);
    await sh(status, 'tini', 'echo from-tini > /shared/note');
    assert.equal(await sh(status, 'plain', 'cat /shared/note'), 'from-tini');
    const ro = await execIn(status.services.find((s) => s.name === 'plain')!.containerId, ['sh', '-c', 'echo x > /shared/other']);
    assert.notEqual(ro.code, 0, 'volumes_from :ro is read-only');
  });

  it('mounts a secret file read-only at /run/secrets/<name>', async () => {
    assert.equal(await sh(status, 'tini', 'cat /run/secrets/db_password'), 'hunter2');
    const w = await execIn(status.services.find((s) => s.name === 'tini')!.containerId, ['sh', '-c', 'echo x > /run/secrets/db_password']);
    assert.notEqual(w.code, 0, 'secrets are read-only');
  });

  it('runs services of a profile only with --profile, and an unchanged up keeps the rest', async () => {
    assert.equal(status.services.some((s) => s.name === 'debug'), false);
    const r = await cli(['up', file, '--name', stack, '--profile', 'debug', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const actions = (JSON.parse(r.stdout) as { actions: { name: string; action: string }[] }).actions;
    assert.deepEqual(actions.map((a) => [a.name, a.action]).sort(), [['debug', 'created'], ['plain', 'unchanged'], ['sidecar', 'unchanged'], ['tini', 'unchanged']]);
  });

  it('pull_policy always pulls an image the engine has (here: and fails, as the test image is in no registry)', async () => {
    const always = tmp.write('always.yaml', `name: ${prefix}\nservices:\n  s: { image: ${IMAGE}, pull_policy: always, command: sleep infinity }\n`);
    const r = await cli(['up', always, '--name', `${prefix}-always`, '--timeout', '60']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /cannot be pulled \(pull_policy: always\)/);
    const plan = await cli(['up', always, '--name', `${prefix}-always`, '--dry-run']);
    assert.match(plan.stdout, /pull_policy always; used by s/);
  });

  it('convert prints the stack as it runs, as YAML or JSON', async () => {
    const y = await cli(['convert', file, '--name', stack]);
    assert.equal(y.code, 0, y.stderr);
    assert.match(y.stdout, new RegExp(`container_name: ${stack}-pid-one`));
    const j = await cli(['convert', file, '--name', stack, '--profile', 'debug', '--json']);
    const doc = JSON.parse(j.stdout) as { services: Record<string, { networks?: Record<string, { ipv4_address?: string }> }> };
    assert.deepEqual(Object.keys(doc.services), ['tini', 'plain', 'sidecar', 'debug']);
    assert.equal(doc.services.tini.networks?.default.ipv4_address, status.services.find((s) => s.name === 'tini')!.ip);
  });

  it('leaves nothing behind after down', async () => {
    const r = await cli(['down', stack, '--volumes', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
