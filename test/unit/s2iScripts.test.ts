import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuilderImage } from '../../electron/engine/build/s2i/builderImage.ts';
import { uploadOwner } from '../../electron/engine/build/s2i/builderImage.ts';
import { type ScriptSource, locateScripts, remoteScriptsDigest } from '../../electron/engine/build/s2i/scripts.ts';
import { buildInputsHash } from '../../electron/engine/build/s2i/s2iBuild.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';

const builder = (scriptsUrl?: string): BuilderImage => ({
  ref: 'qa/python:3',
  id: 'sha256:1',
  labels: {},
  destination: '/tmp',
  assembleUser: '1001',
  user: '1001',
  scriptsUrl,
  workdir: '',
});

function source(files: Record<string, [string, string]>): ScriptSource {
  return {
    async listDir(path) {
      const prefix = `${path}/`;
      const entries = Object.entries(files).filter(([p]) => p.startsWith(prefix));
      return entries.length ? entries.map(([p, [, mode]]) => ({ name: p.slice(prefix.length), type: 'blob', mode })) : undefined;
    },
    async readFile(path) {
      return files[path] ? Buffer.from(files[path][0]) : undefined;
    },
  };
}

test('the source .s2i/bin wins over the builder label, script by script', async () => {
  const plan = await locateScripts(
    { contextDir: '.' },
    builder('image:///usr/libexec/s2i'),
    source({ '.s2i/bin/assemble': ['#!/bin/sh\necho own', '100644'] }),
  );
  assert.equal(plan.paths.assemble, '/tmp/scripts/assemble');
  assert.equal(plan.paths.run, '/usr/libexec/s2i/run');
  assert.equal(plan.paths['save-artifacts'], '/usr/libexec/s2i/save-artifacts');
  assert.deepEqual(plan.upload.map((u) => [u.name, u.mode]), [['assemble', 0o755]]);
  assert.deepEqual(plan.fromSource, ['assemble']);
  assert.match(plan.warnings[0], /not executable in git \(mode 100644\)/);
});

test('an explicit scripts_url wins over everything, and the context dir is where .s2i lives', async () => {
  const plan = await locateScripts(
    { contextDir: 'app', scriptsUrl: 'image:///opt/s2i' },
    builder('image:///usr/libexec/s2i'),
    source({ 'app/.s2i/bin/assemble': ['x', '100755'] }),
  );
  assert.equal(plan.paths.assemble, '/opt/s2i/assemble');
  assert.deepEqual(plan.fromSource, []);
  const own = await locateScripts({ contextDir: 'app' }, builder(), source({ 'app/.s2i/bin/assemble': ['x', '100755'], 'app/.s2i/bin/run': ['y', '100755'] }));
  assert.deepEqual(Object.keys(own.paths).sort(), ['assemble', 'run']);
});

test('no assemble or run anywhere: s2i\'s error, saying where it looked', async () => {
  await assert.rejects(
    locateScripts({ contextDir: '.' }, builder(), source({ '.s2i/bin/run': ['y', '100755'] })),
    (e: unknown) =>
      e instanceof BranchyardError &&
      /^failed to install \[assemble\]: looked in \.s2i\/bin in the source, the builder's label io\.openshift\.s2i\.scripts-url \(not set\)/.test(e.message),
  );
});

test('upload owner from the assemble user', () => {
  assert.deepEqual(uploadOwner('1001'), { uid: 1001, gid: 0 });
  assert.deepEqual(uploadOwner('1001:1002'), { uid: 1001, gid: 1002 });
  assert.deepEqual(uploadOwner('default'), { uid: 0, gid: 0 });
});

test('the digest of file:// scripts changes when a script changes; image:// scripts have none', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-scripts-'));
  try {
    writeFileSync(join(dir, 'assemble'), '#!/bin/sh\necho one\n');
    writeFileSync(join(dir, 'run'), '#!/bin/sh\nexec app\n');
    const url = pathToFileURL(dir).href;
    const first = await remoteScriptsDigest([url]);
    assert.equal(await remoteScriptsDigest([url]), first, 'stable');
    writeFileSync(join(dir, 'assemble'), '#!/bin/sh\necho two\n');
    const second = await remoteScriptsDigest([url]);
    assert.notEqual(second, first);
    writeFileSync(join(dir, 'save-artifacts'), '#!/bin/sh\ntar cf - .deps\n');
    assert.notEqual(await remoteScriptsDigest([url]), second, 'a script added is a change too');
    assert.equal(await remoteScriptsDigest(['image:///usr/libexec/s2i', undefined]), undefined);
    const spec = { builder: 'b', git: 'g', contextDir: '.', env: {}, incremental: false, scriptsUrl: url };
    assert.notEqual(buildInputsHash('c', 'b', spec, first), buildInputsHash('c', 'b', spec, second));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
