// s2i builds: an incremental rebuild after a one-file change against a clean build of the same
// commit, and an unchanged redeploy against a plain ps.

import { join } from 'node:path';
import { removeImages } from '../test/integration/buildHarness.ts';
import { makeRepo } from '../test/integration/gitRepo.ts';
import { IMAGES, cli, docker, removeAll, tempDir } from '../test/integration/harness.ts';
import { type Row, median, print } from './timing.ts';

const prefix = `bybuild${process.pid.toString(36)}`;

export async function buildBench(): Promise<void> {
  const tmp = tempDir();
  process.env.BRANCHYARD_CACHE_DIR = join(tmp.dir, 'cache');
  process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
  const repo = makeRepo(join(tmp.dir, 'repo'), 'main', 's2i-app');
  repo.commit('first');
  const image = `${prefix}/sample:main`;
  const stack = `${prefix}-main`;
  const file = tmp.write(
    'stack.yml',
    `name: ${prefix}
x-branchyard: { subnet: 10.235.10.0/24 }
services:
  db: { x-preset: redis, image: ${IMAGES.redis}, x-ip: 10 }
  web:
    x-s2i: { builder: branchyard-test/s2i-python:3, git: ./repo, incremental: true }
    image: ${prefix}/sample:\${BRANCH_SLUG}
    environment: { RUN_CMD: make start_test }
    x-ip: 20
`,
  );
  const build = async () => {
    const r = await cli(['build', file, '--branch', 'main']);
    if (r.code !== 0) throw new Error(r.stderr);
  };
  try {
    const rows: Row[] = [];
    await build();
    let n = 0;
    // Each round changes one file, so the build runs with the previous image's artifacts.
    const incremental = await median(async () => {
      repo.commit(`change ${++n}`, { 'CHANGES.md': `change ${n}\n` });
      await build();
    }, 3, false);
    // Same commit, no previous image: nothing to restore, every dependency installed again.
    const clean = await median(async () => {
      await docker.getImage(image).remove({ force: true });
      await build();
    }, 3, false);
    rows.push({ name: 'incremental rebuild after a one-file change', ms: incremental, baseline: 'clean build of the same commit', baselineMs: clean });

    const up = await cli(['up', file, '--branch', 'main', '--wait']);
    if (up.code !== 0) throw new Error(up.stderr);
    const redeploy = await median(() => cli(['redeploy', stack]));
    const ps = await median(() => cli(['ps', stack]));
    rows.push({ name: 'redeploy of an unchanged commit (process)', ms: redeploy, baseline: 'branchyard ps (process)', baselineMs: ps });
    print('builds', rows);
    await cli(['down', stack, '--volumes']);
  } finally {
    await removeAll(prefix);
    await removeImages(prefix);
    tmp.remove();
  }
}
