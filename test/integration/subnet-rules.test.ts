// Which subnets a stack may have: private ones only (validate says so, engine or not), and at
// `up` none that would shadow a route or an address of this host (its LAN, a VPN): the host
// would lose the way to those addresses while the stack runs. The same for the pool.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('snr');
const tmp = tempDir();

function stackOn(name: string, subnet?: string): string {
  const settings = subnet ? `x-branchyard:\n  subnet: ${subnet}\n` : '';
  return tmp.write(`${name}.yml`, `name: ${prefix}\n${settings}services:\n  app:\n    image: ${IMAGES.app}\n    x-ip: 10\n`);
}

after(() => tmp.remove());

describe('subnets that are not private are refused by validate, with the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['0.0.0.0/0', /0\.0\.0\.0\/0 overlaps "this" network 0\.0\.0\.0\/8, loopback 127\.0\.0\.0\/8, .*multicast 224\.0\.0\.0\/4/],
    ['127.0.0.0/24', /127\.0\.0\.0\/24 overlaps loopback 127\.0\.0\.0\/8/],
    ['169.254.10.0/24', /overlaps link-local 169\.254\.0\.0\/16/],
    ['224.1.0.0/24', /overlaps multicast 224\.0\.0\.0\/4/],
    ['100.64.5.0/24', /overlaps carrier-grade NAT 100\.64\.0\.0\/10/],
    ['8.8.8.0/24', /8\.8\.8\.0\/24 is not a private subnet/],
    ['10.0.0.0/7', /10\.0\.0\.0\/7 is not a private subnet/],
  ];
  for (const [subnet, reason] of cases) {
    it(`${subnet}`, { timeout: 30_000 }, async () => {
      const r = await cli(['validate', stackOn('bad', subnet)]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /bad\.yml:3:11: x-branchyard\.subnet: /);
      assert.match(r.stderr, reason);
    });
  }

  it('private subnets are fine: 10/8, 172.16/12, 192.168/16', { timeout: 30_000 }, async () => {
    for (const subnet of ['10.240.1.0/24', '172.31.200.0/24', '192.168.250.0/24']) {
      const r = await cli(['validate', stackOn('good', subnet)]);
      assert.equal(r.code, 0, r.stderr);
    }
  });
});

describe('the pool follows the same rule, before the engine is touched', () => {
  it('--pool and BRANCHYARD_POOL', { timeout: 60_000 }, async () => {
    const file = stackOn('pooled');
    const before = await labelledObjects(prefix);
    const a = await cli(['up', file, '--name', `${prefix}-p`, '--pool', '0.0.0.0/0']);
    assert.equal(a.code, 2, a.stderr);
    assert.match(a.stderr, /--pool: 0\.0\.0\.0\/0 overlaps/);
    const b = await cli(['up', file, '--name', `${prefix}-p`, '--dry-run'], { env: { BRANCHYARD_POOL: '127.0.0.0/16' } });
    assert.equal(b.code, 2, b.stderr);
    assert.match(b.stderr, /BRANCHYARD_POOL: 127\.0\.0\.0\/16 overlaps loopback/);
    const c = await cli(['up', file, '--name', `${prefix}-p`, '--pool', '10.240.0.0/25']);
    assert.equal(c.code, 2, c.stderr);
    assert.match(c.stderr, /--pool: 10\.240\.0\.0\/25 is smaller than the \/24 a stack gets/);
    assert.deepEqual(await labelledObjects(prefix), before);
  });
});

// A network of this host's own, on a veth pair (the kernel has no dummy links): an address and
// the route that comes with it, as a LAN or a VPN would have.
const LINK = `vby${process.pid.toString(36)}`.slice(0, 12);
const HOST_NET = '10.247.77.0/24';

function addHostNetwork(): boolean {
  try {
    execFileSync('ip', ['link', 'add', LINK, 'type', 'veth', 'peer', 'name', `${LINK}p`], { stdio: 'pipe' });
    execFileSync('ip', ['addr', 'add', '10.247.77.1/24', 'dev', LINK]);
    execFileSync('ip', ['link', 'set', LINK, 'up']);
    execFileSync('ip', ['link', 'set', `${LINK}p`, 'up']);
    return true;
  } catch {
    return false;
  }
}

describe("at up: no subnet that shadows this host's routes or addresses", () => {
  let made = false;
  before(async () => {
    await removeAll(prefix);
    made = addHostNetwork();
  });
  after(async () => {
    await removeAll(prefix);
    if (made) execFileSync('ip', ['link', 'del', LINK]);
  });

  it("a file's subnet on the host's network is refused with the route, creating nothing", { timeout: 60_000 }, async (t) => {
    if (!made) return t.skip('needs CAP_NET_ADMIN to add a veth link');
    const file = stackOn('shadow', HOST_NET);
    assert.equal((await cli(['validate', file])).code, 0, 'validate does not know the host');
    for (const extra of [['--dry-run'], []]) {
      const r = await cli(['up', file, '--name', `${prefix}-shadow`, ...extra]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`shadow\\.yml: x-branchyard\\.subnet: subnet 10\\.247\\.77\\.0/24 of stack ${prefix}-shadow overlaps this host's network 10\\.247\\.77\\.0/24 \\(a route on ${LINK}\\): the stack's network would shadow it`));
    }
    const inside = await cli(['up', stackOn('inside', '10.247.77.128/25'), '--name', `${prefix}-inside`]);
    assert.equal(inside.code, 2, inside.stderr);
    assert.match(inside.stderr, new RegExp(`overlaps this host's network 10\\.247\\.77\\.0/24 \\(a route on ${LINK}\\)`));
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it("the pool skips the host's networks, and says so when nothing is left", { timeout: 120_000 }, async (t) => {
    if (!made) return t.skip('needs CAP_NET_ADMIN to add a veth link');
    const file = stackOn('pool');
    const full = await cli(['up', file, '--name', `${prefix}-full`, '--pool', HOST_NET]);
    assert.equal(full.code, 1, full.stderr);
    assert.match(full.stderr, new RegExp(`no free /24 subnet left in ${HOST_NET.replace(/\./g, '\\.')} for stack ${prefix}-full: this host uses 10\\.247\\.77\\.0/24 \\(a route on ${LINK}\\)`));
    // Of two /24s, the one the host does not use.
    const r = await cli(['up', file, '--name', `${prefix}-two`, '--pool', '10.247.76.0/23', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as StackStatus).subnet, '10.247.76.0/24');
    // Brought up again, its own network's route (now on the host) is no conflict.
    const again = await cli(['up', file, '--name', `${prefix}-two`, '--pool', '10.247.76.0/23', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await cli(['down', `${prefix}-two`, '--no-capture'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
