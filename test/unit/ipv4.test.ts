import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cidrContains,
  cidrWithin,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  hostNumberProblem,
  networkOf,
  parseCidr,
  parseIpv4,
  stackSubnetProblem,
  subnetsOf,
} from '../../shared/net/ipv4.ts';

function cidr(text: string) {
  const c = parseCidr(text);
  if ('error' in c) throw new Error(c.error);
  return c;
}

test('addresses parse and format round trip', () => {
  assert.equal(parseIpv4('10.210.3.10'), (10 << 24) + (210 << 16) + (3 << 8) + 10);
  assert.equal(formatIpv4(parseIpv4('255.255.255.255')!), '255.255.255.255');
  for (const bad of ['10.0.0', '10.0.0.256', '01.2.3.4', 'a.b.c.d', '1.2.3.4.5']) assert.equal(parseIpv4(bad), undefined, bad);
});

test('a subnet with host bits set is refused, naming the right one', () => {
  const r = parseCidr('10.210.3.7/24');
  assert.ok('error' in r);
  assert.match(r.error, /10\.210\.3\.0\/24/);
  assert.ok('error' in parseCidr('10.210.3.0'));
  assert.ok('error' in parseCidr('10.210.3.0/31'));
});

test('overlap and containment', () => {
  assert.ok(cidrsOverlap(cidr('10.210.0.0/16'), cidr('10.210.7.0/24')));
  assert.ok(!cidrsOverlap(cidr('10.210.6.0/24'), cidr('10.210.7.0/24')));
  assert.ok(cidrContains(cidr('10.210.7.0/24'), parseIpv4('10.210.7.200')!));
  assert.ok(!cidrContains(cidr('10.210.7.0/24'), parseIpv4('10.210.8.1')!));
});

test('host numbers: network, gateway and broadcast are refused', () => {
  const c = cidr('10.210.3.0/24');
  assert.match(hostNumberProblem(c, 0)!, /network address/);
  assert.match(hostNumberProblem(c, 1)!, /gateway/);
  assert.match(hostNumberProblem(c, 255)!, /broadcast/);
  assert.match(hostNumberProblem(c, 300)!, /outside 10\.210\.3\.0\/24/);
  assert.equal(hostNumberProblem(c, 10), undefined);
  assert.equal(hostNumberProblem(cidr('10.0.0.0/28'), 14), undefined);
  assert.match(hostNumberProblem(cidr('10.0.0.0/28'), 15)!, /broadcast/);
});

test('subnetsOf walks a pool in /24 steps', () => {
  const subs = [...subnetsOf(cidr('10.210.0.0/22'), 24)].map(formatCidr);
  assert.deepEqual(subs, ['10.210.0.0/24', '10.210.1.0/24', '10.210.2.0/24', '10.210.3.0/24']);
});

test('a stack subnet must be private: RFC 1918 only, and the reason names what it overlaps', () => {
  for (const ok of ['10.210.3.0/24', '10.0.0.0/8', '172.16.0.0/12', '172.31.255.0/24', '192.168.0.0/16', '192.168.7.0/30']) {
    assert.equal(stackSubnetProblem(cidr(ok)), undefined, ok);
  }
  assert.match(stackSubnetProblem(cidr('0.0.0.0/0'))!, /^0\.0\.0\.0\/0 overlaps "this" network 0\.0\.0\.0\/8, loopback 127\.0\.0\.0\/8, link-local 169\.254\.0\.0\/16, carrier-grade NAT 100\.64\.0\.0\/10, multicast 224\.0\.0\.0\/4, reserved/);
  assert.match(stackSubnetProblem(cidr('127.0.0.0/24'))!, /^127\.0\.0\.0\/24 overlaps loopback 127\.0\.0\.0\/8: a stack's subnet must be private/);
  assert.match(stackSubnetProblem(cidr('169.254.1.0/24'))!, /link-local/);
  assert.match(stackSubnetProblem(cidr('239.1.1.0/24'))!, /multicast/);
  assert.match(stackSubnetProblem(cidr('100.100.0.0/16'))!, /carrier-grade NAT/);
  assert.match(stackSubnetProblem(cidr('255.255.255.0/24'))!, /reserved \(and broadcast\)/);
  assert.match(stackSubnetProblem(cidr('8.8.8.0/24'))!, /^8\.8\.8\.0\/24 is not a private subnet/);
  // Larger than a private range, or straddling two: not inside one.
  assert.match(stackSubnetProblem(cidr('172.0.0.0/8'))!, /is not a private subnet/);
  assert.match(stackSubnetProblem(cidr('192.168.0.0/15'))!, /is not a private subnet/);
});

test('networkOf and cidrWithin', () => {
  assert.equal(formatCidr(networkOf(parseIpv4('192.168.1.77')!, 24)), '192.168.1.0/24');
  assert.equal(formatCidr(networkOf(parseIpv4('10.1.2.3')!, 0)), '0.0.0.0/0');
  assert.ok(cidrWithin(cidr('10.210.3.0/24'), cidr('10.0.0.0/8')));
  assert.ok(!cidrWithin(cidr('10.0.0.0/8'), cidr('10.210.3.0/24')));
  assert.ok(!cidrWithin(cidr('11.0.0.0/24'), cidr('10.0.0.0/8')));
});
