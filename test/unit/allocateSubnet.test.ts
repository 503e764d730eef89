import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateSubnets } from '../../electron/engine/networks/allocateSubnet.ts';
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
