// Connection strings from what a container runs: the server from the port it exposes, the
// credentials from its environment or command; the password quoted for a shell and masked apart.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASK, connectionStrings } from '../../shared/stack/connectionStrings.ts';

const ip = '10.20.0.10';

test('mysql: root with the root password, and the app user with its database', () => {
  const [root, user] = connectionStrings({
    ip,
    exposedPorts: ['3306/tcp', '33060/tcp'],
    env: ['MYSQL_ROOT_PASSWORD=r00t', 'MYSQL_USER=shop', 'MYSQL_PASSWORD=it is secret', 'MYSQL_DATABASE=shop'],
    command: ['mysqld'],
  });
  assert.deepEqual(root, { kind: 'mysql', label: 'mysql client (root)', text: `mysql -h ${ip} -P 3306 -u root -pr00t shop`, masked: `mysql -h ${ip} -P 3306 -u root -p${MASK} shop`, hasSecret: true });
  assert.equal(user?.text, `mysql -h ${ip} -P 3306 -u shop -p'it is secret' shop`);
  assert.equal(user?.masked, `mysql -h ${ip} -P 3306 -u shop -p${MASK} shop`);
});

test('mysql and mariadb without a password, or with one nobody can know here', () => {
  assert.deepEqual(
    connectionStrings({ ip, exposedPorts: ['3306/tcp'], env: ['MYSQL_ALLOW_EMPTY_PASSWORD=yes'], command: [] }).map((c) => [c.text, c.hasSecret]),
    [[`mysql -h ${ip} -P 3306 -u root`, false]],
  );
  assert.equal(connectionStrings({ ip, exposedPorts: ['3306/tcp'], env: ['MARIADB_ROOT_PASSWORD=m'], command: [] })[0]?.text, `mysql -h ${ip} -P 3306 -u root -pm`);
  assert.deepEqual(connectionStrings({ ip, exposedPorts: ['3306/tcp'], env: ['MYSQL_RANDOM_ROOT_PASSWORD=1'], command: [] }), []);
});

test('redis: the password of --requirepass, also inside sh -c, or REDIS_PASSWORD', () => {
  assert.equal(connectionStrings({ ip, exposedPorts: ['6379/tcp'], env: [], command: ['redis-server', '--requirepass', 'pw'] })[0]?.text, `redis-cli -h ${ip} -p 6379 -a pw`);
  assert.equal(
    connectionStrings({ ip, exposedPorts: ['6379/tcp'], env: [], command: ['sh', '-c', "exec redis-server --requirepass 'p w' --bind 0.0.0.0"] })[0]?.text,
    `redis-cli -h ${ip} -p 6379 -a 'p w'`,
  );
  assert.equal(connectionStrings({ ip, exposedPorts: ['6379/tcp'], env: [], command: ['redis-server', '--requirepass=x'] })[0]?.text, `redis-cli -h ${ip} -p 6379 -a x`);
  assert.equal(connectionStrings({ ip, exposedPorts: ['6379/tcp'], env: ['REDIS_PASSWORD=e'], command: [] })[0]?.masked, `redis-cli -h ${ip} -p 6379 -a ${MASK}`);
  assert.deepEqual(connectionStrings({ ip, exposedPorts: ['6379/tcp'], env: [], command: ['redis-server'] })[0], {
    kind: 'redis',
    label: 'redis-cli',
    text: `redis-cli -h ${ip} -p 6379`,
    masked: `redis-cli -h ${ip} -p 6379`,
    hasSecret: false,
  });
});

test('mongo: a URL with the root user, URL-encoded; none without a preset port or an IP', () => {
  const [m] = connectionStrings({ ip, exposedPorts: ['27017/tcp'], env: ['MONGO_INITDB_ROOT_USERNAME=admin', 'MONGO_INITDB_ROOT_PASSWORD=p@ss:w'], command: [] });
  assert.equal(m?.text, `mongodb://admin:p%40ss%3Aw@${ip}:27017`);
  assert.equal(m?.masked, `mongodb://admin:${MASK}@${ip}:27017`);
  assert.equal(connectionStrings({ ip, exposedPorts: ['27017/tcp'], env: [], command: [] })[0]?.text, `mongodb://${ip}:27017`);
  assert.deepEqual(connectionStrings({ ip, exposedPorts: ['8080/tcp'], env: ['MYSQL_ROOT_PASSWORD=x'], command: [] }), []);
  assert.deepEqual(connectionStrings({ ip: '', exposedPorts: ['6379/tcp'], env: [], command: [] }), []);
});
