// The mysql preset's probe picks the account the image set up, from the image's variables: run
// here with /bin/sh and a stand-in `mysqladmin` that records the user and password it was given
// (the real server is in test/integration/preset-health-noise.test.ts).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PRESETS } from '../../shared/stack/presets.ts';

const dir = mkdtempSync(join(tmpdir(), 'branchyard-probe-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const record = join(dir, 'called');
writeFileSync(join(dir, 'mysqladmin'), `#!/bin/sh\nprintf '%s|%s' "\${MYSQL_PWD-<unset>}" "$*" > '${record}'\n`);
chmodSync(join(dir, 'mysqladmin'), 0o755);
writeFileSync(join(dir, 'root.txt'), 'from file\n');
writeFileSync(join(dir, 'app.txt'), 'app file\n');

function probe(env: Record<string, string>): { password: string; args: string } {
  rmSync(record, { force: true });
  const r = spawnSync('/bin/sh', ['-c', PRESETS.mysql.healthcheck.test[1]], { env: { PATH: `${dir}:/usr/bin:/bin`, ...env } });
  assert.equal(r.status, 0, r.stderr.toString());
  const [password, args] = readFileSync(record, 'utf8').split('|');
  return { password, args };
}

test('root with the password of MYSQL_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD or their _FILE', () => {
  assert.deepEqual(probe({ MYSQL_ROOT_PASSWORD: 'p w$x' }), { password: 'p w$x', args: 'ping -h 127.0.0.1 -uroot --silent' });
  assert.equal(probe({ MARIADB_ROOT_PASSWORD: 'maria' }).password, 'maria');
  assert.equal(probe({ MYSQL_ROOT_PASSWORD_FILE: join(dir, 'root.txt') }).password, 'from file');
  assert.equal(probe({ MARIADB_ROOT_PASSWORD_FILE: join(dir, 'root.txt') }).password, 'from file');
});

test('an empty root password sets no MYSQL_PWD at all', () => {
  assert.deepEqual(probe({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' }), { password: '<unset>', args: 'ping -h 127.0.0.1 -uroot --silent' });
});

test('with a random root password, the user the image created', () => {
  assert.deepEqual(probe({ MYSQL_RANDOM_ROOT_PASSWORD: 'yes', MYSQL_USER: 'app', MYSQL_PASSWORD: 'apw' }), { password: 'apw', args: 'ping -h 127.0.0.1 -uapp --silent' });
  assert.deepEqual(probe({ MARIADB_RANDOM_ROOT_PASSWORD: '1', MARIADB_USER: 'm', MYSQL_PASSWORD_FILE: join(dir, 'app.txt') }), { password: 'app file', args: 'ping -h 127.0.0.1 -um --silent' });
  // No user to log in as: root without a password (the server logs that login; nothing better exists).
  assert.deepEqual(probe({ MYSQL_RANDOM_ROOT_PASSWORD: 'yes' }), { password: '<unset>', args: 'ping -h 127.0.0.1 -uroot --silent' });
});

test('the probes name variables, never a value of the file', () => {
  for (const p of Object.values(PRESETS)) assert.doesNotMatch(p.healthcheck.test[1], /root123|secret/);
});

test('a mariadb root password (MARIADB_*) counts as set: no empty root password is added', () => {
  assert.deepEqual(PRESETS.mysql.environmentDefaults({ MARIADB_ROOT_PASSWORD: 'x' }), {});
  assert.deepEqual(PRESETS.mysql.environmentDefaults({ MARIADB_RANDOM_ROOT_PASSWORD: '1' }), {});
  assert.deepEqual(PRESETS.mysql.environmentDefaults({ TZ: 'Asia/Shanghai' }), { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' });
});
