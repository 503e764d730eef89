// The labels of a built image carry s2i's values. The expected values come from running the git
// commands s2i runs (pkg/scm/git GetInfo) in a checkout of the ref, as s2i makes one.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fetchSource } from '../../electron/engine/build/source/gitSource.ts';
import { qualifiedReference, s2iOutputLabels } from '../../electron/engine/build/s2i/s2iLabels.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'branchyard-s2ilabels-'));
const repo = path.join(root, 'repo');
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_AUTHOR_DATE: '2026-03-04T05:06:07+02:00' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
after(() => rmSync(root, { recursive: true, force: true }));

git(root, 'init', '-q', '-b', 'feature/login', repo);
writeFileSync(path.join(repo, 'a.txt'), 'a\n');
git(repo, 'add', '.');
const subject = `Fix the login form ${'so that it works on every browser we support, '.repeat(2)}really`;
git(repo, 'commit', '-q', '-m', `${subject}\n\nThe body is not part of the label.`);
git(repo, 'tag', 'v1.0');
const id = git(repo, 'rev-parse', 'HEAD');

/** What s2i's GetInfo reads after `git clone` and `git checkout <ref>`. */
function s2iInfo(ref: string) {
  const dir = mkdtempSync(path.join(root, 'checkout-'));
  git(root, 'clone', '-q', repo, dir);
  git(dir, 'checkout', '-q', ref);
  return {
    ref: git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'),
    date: git(dir, '--no-pager', 'show', '-s', '--format=%ad', 'HEAD'),
    message: git(dir, '--no-pager', 'show', '-s', '--format=%<(80,trunc)%s', 'HEAD'),
    author: `${git(dir, '--no-pager', 'show', '-s', '--format=%an', 'HEAD')} <${git(dir, '--no-pager', 'show', '-s', '--format=%ae', 'HEAD')}>`,
  };
}

for (const ref of ['feature/login', 'v1.0', id, id.slice(0, 10)]) {
  test(`labels of a build of ${ref.length === 40 ? 'a commit id' : ref.length === 10 ? 'a short commit id' : ref} are s2i's`, async () => {
    const source = await fetchSource(repo, ref, { cacheDir: path.join(root, 'cache') });
    const labels = s2iOutputLabels({ builder: 'qa/python:3.11', tag: 'qa/app:feature-login', commit: source.commit, info: source.s2iInfo, contextDir: '.' });
    const want = s2iInfo(ref);
    assert.equal(labels['io.openshift.s2i.build.commit.ref'], want.ref);
    assert.equal(labels['io.openshift.s2i.build.commit.date'], want.date);
    assert.equal(labels['io.openshift.s2i.build.commit.message'], want.message);
    assert.equal(labels['io.openshift.s2i.build.commit.author'], want.author);
    assert.equal(labels['io.openshift.s2i.build.commit.id'], id);
    assert.equal(labels['io.k8s.display-name'], 'qa/app:feature-login');
    assert.equal(labels['io.openshift.s2i.build.image'], 'docker.io/qa/python:3.11');
    assert.equal(labels['io.openshift.s2i.build.source-location'], repo);
    assert.equal(labels['io.openshift.s2i.build.source-context-dir'], undefined);
  });
}

test('the message is cut at 80 columns with two dots; the date is git default format', () => {
  const want = s2iInfo('feature/login');
  assert.equal(want.message.length, 80);
  assert.ok(want.message.endsWith('..'));
  assert.equal(want.date, 'Wed Mar 4 05:06:07 2026 +0200');
});

test('builder references are qualified as Docker normalises them', () => {
  assert.equal(qualifiedReference('python'), 'docker.io/library/python:latest');
  assert.equal(qualifiedReference('docker.io/python:3'), 'docker.io/library/python:3');
  assert.equal(qualifiedReference('qa/python:3.11'), 'docker.io/qa/python:3.11');
  assert.equal(qualifiedReference('registry.example.com:5000/qa/python'), 'registry.example.com:5000/qa/python:latest');
  assert.equal(qualifiedReference('localhost/py:1'), 'localhost/py:1');
  assert.equal(qualifiedReference(`py@sha256:${'a'.repeat(64)}`), `docker.io/library/py@sha256:${'a'.repeat(64)}`);
});

test('image_metadata.json gives labels; bad files say what is wrong', async () => {
  const { metadataLabels, labelSizeProblem } = await import('../../electron/engine/build/s2i/s2iLabels.ts');
  assert.deepEqual(metadataLabels('{"labels": [{"io.app.flavour": "vanilla"}, {"a": "1", "b": "2"}, {"a": "3"}]}'), { 'io.app.flavour': 'vanilla', a: '3', b: '2' });
  assert.deepEqual(metadataLabels('{}'), {});
  assert.throws(() => metadataLabels('{labels'), /image_metadata\.json is not JSON/);
  assert.throws(() => metadataLabels('{"labels": {"a": "b"}}'), /"labels" must be a list/);
  assert.throws(() => metadataLabels('{"labels": [{"a": 1}]}'), /labels\[0\]\.a is not a string/);
  assert.equal(labelSizeProblem({ a: 'x'.repeat(10239) }), undefined);
  assert.match(labelSizeProblem({ a: 'x'.repeat(10240) })!, /label size '10241' exceeds the maximum limit '10240'/);
});
