// `branchyard convert`: the stack as a compose document, every default filled in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, toComposeConfig } from '../../shared/stack/composeConfig.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';

test('durations are written as compose writes them', () => {
  assert.deepEqual([0, 5e8, 1e9, 1.5e9, 90e9, 3600e9 + 1e9].map(formatDuration), ['0s', '500ms', '1s', '1.5s', '1m30s', '1h1s']);
});

test('the normalised stack: names, addresses, defaults, interpolated values', () => {
  const text = `name: shop
x-branchyard: { subnet: 10.20.30.0/24 }
services:
  db:
    image: postgres:\${PG:-16}
    container_name: main-db
    healthcheck: { test: pg_isready, interval: 2s }
    volumes: [data:/var/lib/postgresql/data]
    deploy: { resources: { limits: { memory: 64m, cpus: "0.5" } } }
  web:
    image: web:1
    ports: ["8080:80"]
    links: ["db:database"]
    x-ip: 20
volumes:
  data:
`;
  const { template } = parseStackFile(text, { file: 'shop.yml', vars: {} });
  const doc = toComposeConfig(template, 'shop-main') as {
    services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown>; networks: Record<string, unknown>;
  };
  assert.deepEqual(doc.services.db, {
    image: 'postgres:16',
    container_name: 'shop-main-main-db',
    hostname: 'db',
    pull_policy: 'missing',
    volumes: [{ type: 'volume', source: 'data', target: '/var/lib/postgresql/data', read_only: false, volume: { name: 'shop-main_data' } }],
    healthcheck: { test: ['CMD-SHELL', 'pg_isready'], interval: '2s' },
    restart: 'no',
    networks: { default: { aliases: ['db', 'database'], ipv4_address: '10.20.30.100' } },
    'x-ip': 100,
    deploy: { resources: { limits: { cpus: '0.5', memory: 64 * 1024 ** 2 } } },
  });
  assert.deepEqual(doc.services.web.ports, [{ target: 80, published: '8080', protocol: 'tcp', mode: 'host' }]);
  assert.deepEqual(doc.services.web.depends_on, { db: { condition: 'service_started', required: true } });
  assert.deepEqual(doc.volumes, { data: { name: 'shop-main_data', driver: 'local' } });
  assert.deepEqual(doc.networks, { default: { name: 'shop-main_default', driver: 'bridge', ipam: { config: [{ subnet: '10.20.30.0/24' }] } } });
});
