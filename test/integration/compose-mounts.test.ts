// Image mounts (type: image) and volume subpaths on the real engine. Where the engine has them
// (API 1.48 and 1.45) the image's files are readable at the target and the subpath is the folder
// of the volume; where it has not (this project's machines run Docker 20.10, API 1.41), `up`
// refuses them naming the release needed and makes nothing, while validate accepts the file.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { versionAtLeast } from '../../electron/engine/docker/connect.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('mounts');
const tmp = tempDir();

const imageFile = tmp.write('image.yaml', `
name: ${prefix}
services:
  web:
    image: ${IMAGES.app}
    command: [sleep, infinity]
    stop_grace_period: 1s
    volumes:
      - type: image
        source: ${IMAGES.redis}
        target: /mnt/redis
        image:
          subpath: usr/bin
`);

const subpathFile = tmp.write('subpath.yaml', `
name: ${prefix}
services:
  seed:
    image: ${IMAGES.app}
    command: [sh, -c, "mkdir -p /data/config/web && echo from-seed > /data/config/web/app.ini"]
    volumes: [shared:/data]
  web:
    image: ${IMAGES.app}
    command: [sleep, infinity]
    stop_grace_period: 1s
    depends_on:
      seed: { condition: service_completed_successfully }
    volumes:
      - type: volume
        source: shared
        target: /etc/app
        volume:
          subpath: config/web
volumes:
  shared:
`);

async function ps(stack: string): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}

describe('image mounts and volume subpaths on the real engine', { timeout: 240_000 }, () => {
  let api = '';
  before(async () => {
    await removeAll(prefix);
    api = (await docker.version()).ApiVersion;
  });
  after(async () => {
    for (const s of ['image', 'subpath']) await cli(['down', `${prefix}-${s}`, '--volumes', '--force']);
    await removeAll(prefix);
    tmp.remove();
  });

  it('validate accepts both, whatever the engine', async () => {
    for (const f of [imageFile, subpathFile]) {
      const r = await cli(['validate', f]);
      assert.equal(r.code, 0, r.stderr);
    }
  });

  it('type: image: the image\'s files are readable at the target, or up refuses naming Docker Engine 28.0', async () => {
    const stack = `${prefix}-image`;
    const r = await cli(['up', imageFile, '--name', stack, '--wait', '--timeout', '120']);
    if (!versionAtLeast(api, '1.48')) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`service 'web' uses image mounts \\(type: image\\), which need Docker Engine 28\\.0 or newer \\(API 1\\.48\\); this engine speaks API ${api.replace('.', '\\.')}`));
      assert.deepEqual(await labelledObjects(stack), [], 'nothing was made');
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const web = (await ps(stack)).services[0]!;
    const read = await execIn(web.containerId, ['sh', '-c', 'test -x /mnt/redis/redis-server && echo readable; touch /mnt/redis/x 2>&1 || true']);
    assert.match(read.output, /^readable/);
  });

  it('volume.subpath: the container sees only that folder of the volume, or up refuses naming Docker Engine 26.0', async () => {
    const stack = `${prefix}-subpath`;
    const r = await cli(['up', subpathFile, '--name', stack, '--wait', '--timeout', '120']);
    if (!versionAtLeast(api, '1.45')) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /service 'web' uses volume subpaths \(volume\.subpath\), which need Docker Engine 26\.0 or newer \(API 1\.45\)/);
      assert.deepEqual(await labelledObjects(stack), [], 'nothing was made');
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const web = (await ps(stack)).services.find((s) => s.name === 'web')!;
    assert.equal((await execIn(web.containerId, ['cat', '/etc/app/app.ini'])).output.trim(), 'from-seed');
  });
});
