// Source-to-image builds against the real engine: a sample app built from a git repository the
// test makes, run twice from one image, redeployed after a new commit, and every s2i error.

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StackStatus } from '../../shared/stack/status.ts';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';
import { makeRepo } from './gitRepo.ts';
import { buildContainersLeft, removeImages } from './buildHarness.ts';

const prefix = runPrefix('s2i');
const tmp = tempDir();
// Mirrors and build logs of this run live in its temp folder.
process.env.BRANCHYARD_CACHE_DIR = join(tmp.dir, 'cache');
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');

const repo = makeRepo(join(tmp.dir, 'repo'), 'feature/login', 's2i-app');
const stack = `${prefix}-feature-login`;
const image = `${prefix}/sample:feature-login`;
const file = tmp.write(
  'stack.yml',
  `name: ${prefix}
x-branchyard: { subnet: 10.236.7.0/24 }
services:
  db:
    x-preset: redis
    image: ${IMAGES.redis}
    x-ip: 10
  web:
    x-s2i:
      builder: branchyard-test/s2i-python:3
      git: ./repo
      env: { GIT_REPO_NAME: sample }
      incremental: true
    image: ${prefix}/sample:\${BRANCH_SLUG}
    environment: { RUN_CMD: make start_test, RUN_CMD_DIR: /opt/app-root/src }
    x-ip: 20
  worker:
    image: ${prefix}/sample:\${BRANCH_SLUG}
    environment: { RUN_CMD: make start_celery_test, ROLE: worker }
    x-ip: 21
`,
);

async function ps(): Promise<StackStatus> {
  const r = await cli(['ps', stack, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StackStatus;
}
const svc = (s: StackStatus, n: string) => s.services.find((x) => x.name === n)!;

/** Asks the web service from the host, on its fixed IP; retries while it starts listening. */
async function served(): Promise<{ commit: string; role: string; deps: string[] }> {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch('http://10.236.7.20:8080/', { signal: AbortSignal.timeout(2000) });
      return (await res.json()) as { commit: string; role: string; deps: string[] };
    } catch (e) {
      if (i > 40) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('s2i builds', () => {
  let first = '';
  before(async () => {
    await removeAll(prefix);
    first = repo.commit('first version');
  });
  after(async () => {
    await removeAll(prefix);
    await removeImages(prefix);
    tmp.remove();
  });

  it('builds the branch and runs web and worker from one image on their fixed IPs', async () => {
    const r = await cli(['up', file, '--branch', 'feature/login', '--wait', '--timeout', '120']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[web\] ---> Installing application source/);
    const answer = await served();
    assert.equal(answer.commit, first);
    assert.equal(answer.role, 'web');
    assert.deepEqual(answer.deps, ['fakepkg-alpha', 'fakepkg-beta', 'fakepkg-gamma', 'installed']);
    const s = await ps();
    assert.equal(svc(s, 'web').commit, first);
    assert.equal(svc(s, 'worker').commit, first, 'the worker runs the same build');
    assert.equal(svc(s, 'worker').ip, '10.236.7.21');
    const worker = await execIn(svc(s, 'worker').containerId, ['sh', '-c', 'sleep 1.5; cat /tmp/worker.log | wc -l']);
    assert.ok(Number(worker.output.trim()) >= 1, `worker logs: ${worker.output}`);
    const labels = (await docker.getImage(image).inspect()).Config.Labels;
    assert.equal(labels['io.openshift.s2i.build.commit.id'], first);
    assert.equal(labels['io.openshift.s2i.build.commit.ref'], 'feature/login');
    assert.equal(labels['io.openshift.s2i.build.commit.author'], 'Test Author <test@example.invalid>');
    assert.equal(labels['io.openshift.s2i.build.commit.message'], 'first version');
    // s2i's values: git's default date format, the builder's fully qualified name, the tag as display name
    assert.match(labels['io.openshift.s2i.build.commit.date'], /^\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d \d{4} [+-]\d{4}$/);
    assert.equal(labels['io.openshift.s2i.build.image'], 'docker.io/branchyard-test/s2i-python:3');
    assert.equal(labels['io.k8s.display-name'], image);
    assert.equal(labels['io.openshift.s2i.build.source-location'], join(tmp.dir, 'repo'));
    assert.equal(labels['io.branchyard.stack'], undefined, 'the image does not claim to belong to a stack');
    const config = (await docker.getImage(image).inspect()).Config;
    assert.deepEqual(config.Cmd, ['/usr/libexec/s2i/run']);
    assert.equal(config.User, '1001');
    assert.ok(config.Env.includes('GIT_REPO_NAME=sample'), 'build env is kept in the image');
    const log = readFileSync(join(process.env.BRANCHYARD_DATA_DIR!, 'builds', stack, 'web.log'), 'utf8');
    assert.match(log, /installing fakepkg-gamma/);
  });

  it('an unchanged redeploy builds nothing and touches nothing', async () => {
    const before = await ps();
    const logPath = join(process.env.BRANCHYARD_DATA_DIR!, 'builds', stack, 'web.log');
    const logTime = statSync(logPath).mtimeMs;
    const r = await cli(['redeploy', stack, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { commits: { service: string; changed: boolean }[]; up?: unknown };
    assert.deepEqual(out.commits.map((c) => [c.service, c.changed]), [['web', false]]);
    assert.equal(out.up, undefined);
    assert.equal(statSync(logPath).mtimeMs, logTime, 'no build ran');
    assert.deepEqual((await ps()).services.map((s) => s.containerId), before.services.map((s) => s.containerId));
  });

  it('a new commit and redeploy serve the new commit on the same IP; the database keeps its container', async () => {
    const before = await ps();
    const second = repo.commit('second version', { 'CHANGES.md': 'second\n' });
    const dry = await cli(['redeploy', stack, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const { plan } = JSON.parse(dry.stdout) as { plan: { builds: { service: string; action: string; reasons: string[] }[]; services: { service: string; action: string }[]; untouched: string[] } };
    assert.deepEqual(plan.builds.map((b) => [b.service, b.action]), [['web', 'build']]);
    assert.match(plan.builds[0].reasons[0], new RegExp(`^commit [0-9a-f]{12} → ${second.slice(0, 12)}$`));
    assert.deepEqual(plan.services.map((x) => [x.service, x.action]).sort(), [['web', 'recreate'], ['worker', 'recreate']]);
    assert.deepEqual(plan.untouched, ['db']);
    assert.deepEqual((await ps()).services.map((s) => s.containerId), before.services.map((s) => s.containerId), 'a dry run changes nothing');
    const r = await cli(['redeploy', stack, '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Restoring build artifacts/, 'the incremental build restored the dependencies');
    assert.doesNotMatch(r.stderr, /installing fakepkg/, 'and did not install them again');
    const after = await ps();
    assert.equal(svc(after, 'db').containerId, svc(before, 'db').containerId);
    assert.notEqual(svc(after, 'web').containerId, svc(before, 'web').containerId);
    assert.notEqual(svc(after, 'worker').containerId, svc(before, 'worker').containerId);
    assert.equal(svc(after, 'web').ip, '10.236.7.20');
    assert.equal(svc(after, 'worker').commit, second);
    assert.equal((await served()).commit, second);
  });

  it('build of unchanged inputs reuses the image', async () => {
    const id = (await docker.getImage(image).inspect()).Id;
    const r = await cli(['build', file, 'web', '--branch', 'feature/login', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [out] = JSON.parse(r.stdout) as { reused: boolean; imageId: string }[];
    assert.equal(out.reused, true);
    assert.equal(out.imageId, id);
  });

  it('down removes the stack; nothing of the builds is left', async () => {
    assert.equal((await cli(['down', stack, '--volumes'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
    assert.deepEqual(await buildContainersLeft(), []);
  });
});
