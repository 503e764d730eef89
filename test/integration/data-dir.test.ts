// BRANCHYARD_DATA_DIR is where everything Branchyard keeps goes, the git mirrors of s2i sources
// included: a CI job that points it at its workspace leaves nothing in the home folder.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeRepo } from './gitRepo.ts';
import { cli, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('datadir');
const tmp = tempDir();
after(() => tmp.remove());

describe('the data folder', () => {
  it('holds the git mirror an s2i service is resolved from; the home folder gets nothing', { timeout: 120_000 }, async () => {
    const repo = makeRepo(join(tmp.dir, 'repo'), 'main', 's2i-app');
    repo.commit('first');
    const file = tmp.write(
      'stack.yml',
      `name: ${prefix}\nservices:\n  app:\n    x-s2i: { builder: ${prefix}/builder:1, git: ${repo.dir} }\n    image: ${prefix}/app:\${BRANCH_SLUG}\n`,
    );
    const home = join(tmp.dir, 'home');
    const data = join(tmp.dir, 'data');
    // Only the data folder is set: no cache folder of its own, no XDG folders.
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, BRANCHYARD_DATA_DIR: data };
    for (const name of ['BRANCHYARD_CACHE_DIR', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) delete env[name];
    const r = await cli(['up', file, '--branch', 'main', '--dry-run'], { env, timeoutMs: 90_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`build +image ${prefix}/app:main for app \\(s2i\\)`));
    const mirrors = join(data, 'cache', 'mirrors');
    assert.ok(existsSync(mirrors), `no mirrors under ${data}: ${r.stderr}`);
    assert.equal(readdirSync(mirrors).filter((n) => n.endsWith('.git')).length, 1);
    assert.ok(!existsSync(join(home, '.cache')), 'nothing in the home folder');
  });
});
