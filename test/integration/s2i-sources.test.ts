// What a build takes from its source and builder, and how it fails: .s2i/bin and
// .s2i/environment, a builder without sh and tar, cancellation, every s2i error, and push.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildStack } from '../../electron/engine/build/buildStack.ts';
import { loadStackFile, readStackFileText } from '../../electron/engine/stackfile/loadStackFile.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { buildContainersLeft, removeImages } from './buildHarness.ts';
import { makeRepo } from './gitRepo.ts';
import { startRegistry } from './registry.ts';
import { cli, cliProcess, docker, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('s2isrc');
const tmp = tempDir();
process.env.BRANCHYARD_CACHE_DIR = join(tmp.dir, 'cache');
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');

const repo = makeRepo(join(tmp.dir, 'repo'), 'main', 's2i-app');

function stackFile(name: string, s2i: string, image = `${prefix}/${name}:1`): string {
  return tmp.write(
    `${name}.yml`,
    `name: ${prefix}
services:
  app:
    x-s2i: { ${s2i} }
    image: ${image}
    environment: { RUN_CMD: "sleep 1" }
`,
  );
}

async function imageGone(ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(() => false)
    .catch(() => true);
}

describe('s2i sources and errors', () => {
  before(async () => {
    await removeAll(prefix);
    repo.commit('sample app');
  });
  after(async () => {
    await removeAll(prefix);
    await removeImages(prefix);
    tmp.remove();
  });

  it('.s2i/bin/assemble overrides the builder and .s2i/environment reaches build and image', async () => {
    const other = makeRepo(join(tmp.dir, 'override'), 'main', 's2i-app');
    other.commit('own assemble', {
      '.s2i/bin/assemble': ['#!/bin/bash\nset -e\necho "own assemble: MODE=$MODE"\necho "$MODE" > /tmp/mode-at-build\n/usr/libexec/s2i/assemble\ncp /tmp/mode-at-build /opt/app-root/src/MODE\n', 0o755],
      '.s2i/environment': '# build settings\nMODE=from-source\nOVERRIDDEN=source\n',
    });
    const file = stackFile('override', 'builder: branchyard-test/s2i-python:3, git: ./override, ref: main, env: { OVERRIDDEN: file }');
    const r = await cli(['build', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /own assemble: MODE=from-source/);
    const img = await docker.getImage(`${prefix}/override:1`).inspect();
    assert.ok(img.Config.Env.includes('MODE=from-source'));
    assert.ok(img.Config.Env.includes('OVERRIDDEN=file'), 'the file wins over .s2i/environment');
    // The override's own script is not part of the application source in the image.
    const ls = await runIn(`${prefix}/override:1`, ['sh', '-c', 'cat /opt/app-root/src/MODE; ls -a /opt/app-root/src/.s2i 2>&1 || true']);
    assert.match(ls, /from-source/);
    assert.doesNotMatch(ls, /assemble/);
  });

  it('a builder without sh and tar still builds, the scripts uploaded through the API', async () => {
    const plain = makeRepo(join(tmp.dir, 'plain'), 'main');
    plain.commit('static site', { 'hello.txt': 'hello from the source\n' });
    const file = stackFile('notar', 'builder: branchyard-test/s2i-notar:1, git: ./plain, ref: main');
    const r = await cli(['build', file]);
    assert.equal(r.code, 0, r.stderr);
    const out = await runIn(`${prefix}/notar:1`, [], { RUN_CMD: '/bin/busybox cat hello.txt' });
    assert.match(out, /hello from the source/);
  });

  it('reports every s2i error clearly and leaves no container and no image behind', async () => {
    const failing = makeRepo(join(tmp.dir, 'failing'), 'main', 's2i-app');
    failing.commit('assemble fails', { '.s2i/bin/assemble': ['#!/bin/bash\necho "compiling..."\necho "error: missing header foo.h" >&2\nexit 3\n', 0o755] });
    const cases: [string, string, RegExp][] = [
      ['nobuilder', 'builder: branchyard-test/does-not-exist:1, git: ./repo, ref: main', /unable to get branchyard-test\/does-not-exist:1/],
      ['noscripts', 'builder: branchyard-test/s2i-noscripts:1, git: ./repo, ref: main', /failed to install \[assemble run\]: looked in \.s2i\/bin in the source, the builder's label io\.openshift\.s2i\.scripts-url \(not set\)/],
      ['exit3', 'builder: branchyard-test/s2i-python:3, git: ./failing, ref: main', /non-zero exit code from branchyard-test\/s2i-python:3: assemble exited with code 3[\s\S]*missing header foo\.h/],
      ['noref', 'builder: branchyard-test/s2i-python:3, git: ./repo, ref: no-such-branch', /ref 'no-such-branch' not found in/],
      ['norepo', 'builder: branchyard-test/s2i-python:3, git: ./nowhere, ref: main', /cannot fetch .*nowhere/],
    ];
    for (const [name, s2i, message] of cases) {
      const r = await cli(['build', stackFile(name, s2i)]);
      assert.notEqual(r.code, 0, name);
      assert.match(r.stderr, message, name);
      assert.ok(await imageGone(`${prefix}/${name}:1`), `${name}: no image tagged`);
    }
    const refusal = await cli(['build', stackFile('dashref', 'builder: branchyard-test/s2i-python:3, git: ./repo, ref: --upload-pack=touch /tmp/x')]);
    assert.equal(refusal.code, 2);
    assert.match(refusal.stderr, /x-s2i\.ref: ref '--upload-pack=touch \/tmp\/x' begins with '-'/);
    assert.deepEqual(await buildContainersLeft(), []);
  });

  it('a cancelled build leaves no container and no image', async () => {
    const slow = makeRepo(join(tmp.dir, 'slow'), 'main', 's2i-app');
    slow.commit('slow assemble', { '.s2i/bin/assemble': ['#!/bin/bash\necho "started"\nsleep 60\n', 0o755] });
    const file = stackFile('slow', 'builder: branchyard-test/s2i-python:3, git: ./slow, ref: main');
    const { text } = readStackFileText(file);
    const loaded = loadStackFile(file, text, {});
    const abort = new AbortController();
    const building = buildStack(docker, loaded.template, {
      stack: `${prefix}-slow`,
      dir: loaded.dir,
      progress: (e) => {
        if (e.message === 'started') abort.abort();
      },
      signal: abort.signal,
    });
    await assert.rejects(building, (e: unknown) => e instanceof BranchyardError && /cancelled/.test(e.message));
    assert.ok(await imageGone(`${prefix}/slow:1`));
    assert.deepEqual(await buildContainersLeft(), []);
  });

  it('Ctrl-C during a build on the command line cancels it cleanly', async () => {
    const slow = makeRepo(join(tmp.dir, 'slowcli'), 'main', 's2i-app');
    slow.commit('slow assemble', { '.s2i/bin/assemble': ['#!/bin/bash\necho "started"\nsleep 60\n', 0o755] });
    const file = stackFile('slowcli', 'builder: branchyard-test/s2i-python:3, git: ./slowcli, ref: main');
    const child = cliProcess(['build', file]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('[app] started')) resolve();
      });
      child.on('close', () => reject(new Error(`build ended early: ${stderr}`)));
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /build cancelled/);
    assert.ok(await imageGone(`${prefix}/slowcli:1`));
    assert.deepEqual(await buildContainersLeft(), []);
  });

  it('pushes the result to a registry', async () => {
    const registry = await startRegistry(join(tmp.dir, 'registry'));
    try {
      const target = `127.0.0.1:${registry.port}/${prefix}/pushed:1`;
      const file = stackFile('pushed', 'builder: branchyard-test/s2i-python:3, git: ./repo, ref: main, push: true', target);
      const r = await cli(['build', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /pushed 127\.0\.0\.1/);
      const tags = (await (await fetch(`http://127.0.0.1:${registry.port}/v2/${prefix}/pushed/tags/list`)).json()) as { tags: string[] };
      assert.deepEqual(tags.tags, ['1']);
    } finally {
      registry.stop();
    }
  });
});

async function runIn(image: string, cmd: string[], env: Record<string, string> = {}): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: cmd.length ? cmd : undefined, Env: Object.entries(env).map(([k, v]) => `${k}=${v}`) });
  try {
    await container.start();
    await container.wait();
    const buf = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const { demuxFrames } = await import('../../electron/engine/docker/logTail.ts');
    return Buffer.concat(demuxFrames(Buffer.from(buf))).toString('utf8');
  } finally {
    await container.remove({ force: true });
  }
}
