// The command line reads the settings file the app writes: the Docker endpoint and the subnet
// pool are its own (DOCKER_HOST, BRANCHYARD_POOL and --pool still win), a file with a mistake is
// an error naming it, and `branchyard settings` shows and changes it, checked as the app is.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('scli');
const tmp = tempDir();
const data = join(tmp.dir, 'data');
const settingsFile = join(data, 'settings.json');
// Each command gets this data dir, and no DOCKER_HOST or pool of the machine's.
const env = { BRANCHYARD_DATA_DIR: data, DOCKER_HOST: '', BRANCHYARD_POOL: '' };
const file = tmp.write('stack.yml', `name: ${prefix}\nservices:\n  app:\n    image: ${IMAGES.app}\n`);

describe('the command line and the settings file', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('settings set / unset / show: checked, one bad value changes nothing', async () => {
    for (const args of [
      ['settings', 'set', 'theme', 'dark'],
      ['settings', 'set', 'captureRetention.maxAgeDays', '14'],
      ['settings', 'set', 'notifications.tornDown', 'off'],
      ['settings', 'set', 'webhook', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k3y'],
    ]) {
      const r = await cli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.deepEqual(JSON.parse(readFileSync(settingsFile, 'utf8')), {
      theme: 'dark',
      captureRetention: { maxAgeDays: 14, maxGiB: null },
      notifications: { tornDown: false },
      webhook: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k3y', kind: 'wecom' },
    });
    const before = readFileSync(settingsFile, 'utf8');
    const bad = await cli(['settings', 'set', 'subnetPool', '8.8.0.0/16'], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /error: settings\.subnetPool: 8\.8\.0\.0\/16 is not a private subnet/);
    const badKind = await cli(['settings', 'set', 'webhook', 'https://hooks.example.com/x'], { env });
    assert.match(badKind.stderr, /settings\.webhook\.kind: cannot tell which tool hooks\.example\.com is/);
    assert.equal(readFileSync(settingsFile, 'utf8'), before);

    const show = await cli(['settings'], { env: { ...env, BRANCHYARD_POOL: '10.99.0.0/16' } });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^theme\s+dark\s+file$/m);
    assert.match(show.stdout, /^subnetPool\s+10\.99\.0\.0\/16\s+env BRANCHYARD_POOL$/m);
    assert.match(show.stdout, /^captureRetention\s+14 days\s+file$/m);
    assert.match(show.stdout, /^notifications\s+ready on, failed on, tornDown off\s+file$/m);
    const unset = await cli(['settings', 'unset', 'webhook'], { env });
    assert.equal(unset.code, 0, unset.stderr);
    assert.equal(JSON.parse(readFileSync(settingsFile, 'utf8')).webhook, undefined);
    assert.equal((await cli(['settings', 'unset', 'theme'], { env })).code, 2);
  });

  it('uses the Docker endpoint of the file; DOCKER_HOST wins', { timeout: 60_000 }, async () => {
    const set = await cli(['settings', 'set', 'dockerEndpoint', 'unix:///nonexistent/docker.sock'], { env });
    assert.equal(set.code, 0, set.stderr);
    const ls = await cli(['ls'], { env });
    assert.equal(ls.code, 1);
    assert.match(ls.stderr, /cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock/);
    const wins = await cli(['ls'], { env: { ...env, DOCKER_HOST: 'unix:///var/run/docker.sock' } });
    assert.equal(wins.code, 0, wins.stderr);
    assert.equal((await cli(['settings', 'unset', 'dockerEndpoint'], { env })).code, 0);
    assert.equal((await cli(['ls'], { env })).code, 0);
  });

  it('takes the subnet pool of the file; BRANCHYARD_POOL and --pool win', { timeout: 60_000 }, async () => {
    assert.equal((await cli(['settings', 'set', 'subnetPool', '10.244.200.0/22'], { env })).code, 0);
    const subnetOf = async (extra: string[], e: Record<string, string> = {}) => {
      const r = await cli(['up', file, '--name', `${prefix}-p`, '--dry-run', '--json', ...extra], { env: { ...env, ...e } });
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { networks: { subnet: string }[] }).networks[0].subnet;
    };
    assert.match(await subnetOf([]), /^10\.244\.(200|201|202|203)\.0\/24$/);
    assert.match(await subnetOf([], { BRANCHYARD_POOL: '10.245.16.0/24' }), /^10\.245\.16\.0\/24$/);
    assert.match(await subnetOf(['--pool', '10.245.17.0/24'], { BRANCHYARD_POOL: '10.245.16.0/24' }), /^10\.245\.17\.0\/24$/);
  });

  it('a settings file with a mistake is an error naming the file and the field', async () => {
    writeFileSync(settingsFile, JSON.stringify({ theme: 'blue' }));
    const r = await cli(['ls'], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), `error: ${settingsFile}: settings.theme: 'blue' is not one of system, light, dark`);
  });
});
