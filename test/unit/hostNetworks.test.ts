// This host's networks, from /proc/net/route and the interfaces' addresses.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interfaceNetworks, isLocalEngine, parseProcNetRoute } from '../../electron/engine/networks/hostNetworks.ts';
import { formatCidr } from '../../shared/net/ipv4.ts';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
tun0\t0000000A\t0100080A\t0003\t0\t0\t0\t000000FF\t0\t0\t0
br-14b90bd60c9f\t001AD20A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
down0\t0000A8C0\t00000000\t0000\t0\t0\t0\t0000FFFF\t0\t0\t0
`;

test('routes that are up, in network order, without the default route', () => {
  const routes = parseProcNetRoute(ROUTE).map((r) => `${formatCidr(r.cidr)} ${r.what}`);
  assert.deepEqual(routes, [
    '192.168.1.0/24 a route on eth0',
    '10.0.0.0/8 a route on tun0 via 10.8.0.1',
    '10.210.26.0/24 a route on br-14b90bd60c9f',
  ]);
  assert.deepEqual(parseProcNetRoute(''), []);
});

test("interface addresses give their networks; IPv6 is left out", () => {
  const nets = interfaceNetworks({
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: '127.0.0.1/8' }],
    wlan0: [
      { address: '192.168.178.23', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: '192.168.178.23/24' },
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
    ],
  });
  assert.deepEqual(nets.map((n) => `${formatCidr(n.cidr)} ${n.what}`), ['127.0.0.0/8 the address 127.0.0.1 of lo', '192.168.178.0/24 the address 192.168.178.23 of wlan0']);
});

test('an engine on this machine: a socket, or TCP to loopback', () => {
  for (const local of ['unix:///var/run/docker.sock', 'npipe:////./pipe/docker_engine', 'tcp://127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375']) {
    assert.ok(isLocalEngine(local), local);
  }
  for (const remote of ['tcp://10.0.0.5:2376', 'ssh://ci@build-host', 'tcp://docker.example:2375']) assert.ok(!isLocalEngine(remote), remote);
});
