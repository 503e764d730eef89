import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateSubnets, parsePool } from '../../electron/engine/networks/allocateSubnet.ts';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr } from '../../shared/net/ipv4.ts';

const c = (t: string) => parseCidr(t) as Cidr;
const pool = c('10.210.0.0/16');

test('the same stack name prefers the same subnet every time', () => {
  const a = candidateSubnets('hydra-feature-login', pool, []);
  const b = candidateSubnets('hydra-feature-login', pool, []);
  assert.equal(formatCidr(a[0]), formatCidr(b[0]));
  assert.equal(a.length, 256);
});

test('different stacks usually start at different subnets', () => {
  const firsts = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => formatCidr(candidateSubnets(n, pool, [])[0])));
  assert.ok(firsts.size >= 4, `only ${firsts.size} distinct first choices`);
});

test('subnets used by any engine network are skipped', () => {
  const preferred = candidateSubnets('hydra-main', pool, [])[0];
  const used = [preferred, c('10.210.128.0/17')];
  const got = candidateSubnets('hydra-main', pool, used);
  assert.notEqual(formatCidr(got[0]), formatCidr(preferred));
  for (const g of got) for (const u of used) assert.ok(!cidrsOverlap(g, u), `${formatCidr(g)} overlaps ${formatCidr(u)}`);
  assert.equal(got.length, 127);
});

test('a full pool yields no candidate', () => {
  assert.deepEqual(candidateSubnets('x', c('10.210.0.0/24'), [c('10.0.0.0/8')]), []);
});

test('a pool is private, like a stack subnet, and holds at least one /24', () => {
  assert.equal(formatCidr(parsePool('10.210.0.0/16') as Cidr), '10.210.0.0/16');
  assert.equal(formatCidr(parsePool('192.168.50.0/24') as Cidr), '192.168.50.0/24');
  assert.match((parsePool('0.0.0.0/0') as { error: string }).error, /overlaps "this" network/);
  assert.match((parsePool('127.0.0.0/16') as { error: string }).error, /loopback/);
  assert.match((parsePool('10.210.0.0/25') as { error: string }).error, /smaller than the \/24 a stack gets/);
  assert.match((parsePool('ten') as { error: string }).error, /not a CIDR subnet/);
});
