// Compose's build: a Dockerfile build of a folder beside the stack file, with args and target.

import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { removeImages } from './buildHarness.ts';
import { cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('dbuild');
const tmp = tempDir();
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
cpSync(resolve(import.meta.dirname, '../fixtures/docker-app'), join(tmp.dir, 'app'), { recursive: true });

function stackFile(target: string): string {
  return tmp.write(
    `${target}.yml`,
    `name: ${prefix}
services:
  app:
    build: { context: ./app, target: ${target}, args: { GREETING: "hello \${BRANCH}" } }
    image: ${prefix}/app:${target}
`,
  );
}

describe('Dockerfile builds', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    await removeImages(prefix);
    tmp.remove();
  });

  it('builds the context with its args and target, then runs it', async () => {
    const r = await cli(['up', stackFile('app'), '--branch', 'main', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as StackStatus;
    const id = s.services[0].containerId;
    assert.equal((await execIn(id, ['cat', '/greeting'])).output.trim(), 'hello main');
    assert.equal((await execIn(id, ['cat', '/message.txt'])).output.trim(), 'copied from the build context');
    assert.equal((await cli(['down', s.name])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it('takes compose build options: dockerfile_inline, labels, extra tags, no_cache, extra_hosts', async () => {
    const file = tmp.write(
      'inline.yml',
      `name: ${prefix}
services:
  app:
    build:
      context: ./app
      dockerfile_inline: |
        FROM branchyard-test/debian:bookworm
        COPY message.txt /inline.txt
        RUN getent hosts builder.example > /hosts.txt
        CMD ["sleep", "infinity"]
      labels: { com.example.built-by: branchyard-test }
      tags: [${prefix}/app:extra]
      no_cache: true
      extra_hosts: ["builder.example:10.9.8.7"]
    image: ${prefix}/app:inline
`,
    );
    const r = await cli(['up', file, '--name', `${prefix}-inline`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as StackStatus;
    const id = s.services[0].containerId;
    assert.equal((await execIn(id, ['cat', '/inline.txt'])).output.trim(), 'copied from the build context');
    assert.match((await execIn(id, ['cat', '/hosts.txt'])).output, /^10\.9\.8\.7\s+builder\.example/);
    const image = await docker.getImage(`${prefix}/app:inline`).inspect();
    assert.equal(image.Config.Labels['com.example.built-by'], 'branchyard-test');
    assert.equal((await docker.getImage(`${prefix}/app:extra`).inspect()).Id, image.Id);
    assert.equal(existsSync(join(tmp.dir, 'app', '.branchyard.inline.Dockerfile')), false, 'the inline Dockerfile is not written into the folder');
    assert.equal((await cli(['down', s.name])).code, 0);
  });

  it('a failing Dockerfile fails the up, naming the service, and starts nothing', async () => {
    const r = await cli(['up', stackFile('broken'), '--branch', 'main']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /build of service 'app' failed: .*non-zero code: 7/);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
