// The manifest builder and the check of an archive against its manifest.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { CapturedService } from '../../shared/api/captures.ts';
import { MANIFEST_NAME, ManifestBuilder, archiveProblems, manifestJson, parseManifest, summarize } from '../../electron/engine/capture/manifest.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const HEAD = { id: 'hydra-main/20261121T101500.123Z', stack: 'hydra-main', template: 'hydra', branch: 'main', createdAt: '2026-11-21T10:15:00.123Z' };

function service(name: string, lines: [number, number], exitCode?: number): CapturedService {
  return {
    name,
    containerId: `${name}-id`,
    containerName: `hydra-main-${name}`,
    image: 'img',
    imageId: 'sha256:abc',
    state: 'exited',
    ...(exitCode === undefined ? {} : { exitCode }),
    stoppedByTeardown: false,
    tty: false,
    logBytes: { stdout: 10, stderr: 0 },
    logLines: { stdout: lines[0], stderr: lines[1] },
    logPartials: { stdout: 0, stderr: 0 },
    capturePaths: [],
  };
}

function sample() {
  const b = new ManifestBuilder(HEAD);
  b.addFile({ path: 'services/web/stdout.log', kind: 'log', service: 'web', bytes: 5, sha256: sha('hello') });
  b.addFile({ path: 'services/db/stdout.log', kind: 'log', service: 'db', bytes: 3, sha256: sha('abc') });
  b.addService(service('web', [7, 2], 3));
  b.addService(service('db', [1, 0], 0));
  return b.build();
}

test('the builder keeps files in order, sorts services, and summarises', () => {
  const m = sample();
  assert.equal(m.version, 1);
  assert.equal(m.branch, 'main');
  assert.deepEqual(m.files.map((f) => f.path), ['services/web/stdout.log', 'services/db/stdout.log']);
  assert.deepEqual(m.services.map((s) => [s.name, s.exitCode]), [['db', 0], ['web', 3]]);
  const s = summarize(m, '/c/hydra-main/20261121T101500.123Z.tar.gz', 1234);
  assert.deepEqual(s, {
    id: HEAD.id,
    stack: 'hydra-main',
    template: 'hydra',
    branch: 'main',
    createdAt: HEAD.createdAt,
    path: '/c/hydra-main/20261121T101500.123Z.tar.gz',
    bytes: 1234,
    services: ['db', 'web'],
    files: 2,
    logLines: 10,
  });
  assert.deepEqual(parseManifest(manifestJson(m), HEAD.id), m);
  assert.equal(parseManifest(manifestJson(m), 'other/20261121T101500.123Z'), undefined);
  assert.equal(parseManifest('{not json'), undefined);
});

test('the builder refuses unsafe or repeated names and bad hashes', () => {
  const b = new ManifestBuilder(HEAD);
  const ok = { kind: 'file' as const, bytes: 1, sha256: sha('x') };
  for (const path of ['../x', '/x', 'a//b', MANIFEST_NAME, 'a\\b']) assert.throws(() => b.addFile({ ...ok, path }), /unsafe archive name/, path);
  b.addFile({ ...ok, path: 'a/b' });
  assert.throws(() => b.addFile({ ...ok, path: 'a/b' }), /used twice/);
  assert.throws(() => b.addFile({ ...ok, path: 'c', sha256: 'xyz' }), /bad size or sha256/);
  assert.throws(() => b.addFile({ ...ok, path: 'd', bytes: -1 }), /bad size or sha256/);
});

test('an archive matching its manifest has no problems; every difference is named', () => {
  const m = sample();
  const good = [
    { name: 'services/', type: 'directory', bytes: 0, sha256: sha('') },
    { name: 'services/web/stdout.log', type: 'file', bytes: 5, sha256: sha('hello') },
    { name: 'services/db/stdout.log', type: 'file', bytes: 3, sha256: sha('abc') },
    { name: MANIFEST_NAME, type: 'file', bytes: 10, sha256: sha('m') },
  ];
  assert.deepEqual(archiveProblems(m, good, manifestJson(m)), []);

  const changed = good.map((e) => (e.name === 'services/web/stdout.log' ? { ...e, sha256: sha('HELLO') } : e));
  assert.match(archiveProblems(m, changed, manifestJson(m)).join('\n'), /services\/web\/stdout\.log' has sha256 .*, the manifest says/);
  const shorter = good.map((e) => (e.name === 'services/db/stdout.log' ? { ...e, bytes: 2 } : e));
  assert.match(archiveProblems(m, shorter, manifestJson(m)).join('\n'), /has 2 bytes, the manifest says 3/);
  assert.match(archiveProblems(m, good.slice(0, 2).concat(good[3]), manifestJson(m)).join('\n'), /services\/db\/stdout\.log' is in the manifest but not in the archive/);
  assert.match(archiveProblems(m, [...good, { name: 'extra', type: 'file', bytes: 0, sha256: sha('') }], manifestJson(m)).join('\n'), /'extra' is in the archive but not in the manifest/);
  assert.match(archiveProblems(m, [...good, good[1]], manifestJson(m)).join('\n'), /is in the archive twice/);
  assert.match(archiveProblems(m, [...good, { name: '../evil', type: 'file', bytes: 0, sha256: sha('') }], manifestJson(m)).join('\n'), /unsafe name '\.\.\/evil'/);
  assert.match(archiveProblems(m, good, undefined).join('\n'), /manifest\.json is missing/);
  assert.match(archiveProblems(m, good, manifestJson({ ...m, stack: 'x' })).join('\n'), /manifest\.json in the archive differs/);
});
