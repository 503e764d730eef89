// Images built as s2i builds them, on the real engine, with a builder that behaves like sclorg's
// Python builder: submodules, .s2i/environment taken literally, s2i's label values, .s2iignore,
// a named assemble user whose group is not 0, labels from image_metadata.json, helpers of
// .s2i/bin, changed file:// scripts, the previous image's own save-artifacts, and no replaced
// image left behind. One test per difference of issue 13.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { buildContainersLeft, removeImages } from './buildHarness.ts';
import { makeRepo } from './gitRepo.ts';
import { cli, docker, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('s2ifid');
const tmp = tempDir();
process.env.BRANCHYARD_CACHE_DIR = join(tmp.dir, 'cache');
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
const SCLORG = 'branchyard-test/s2i-sclorg-python:3.11';

function stackFile(name: string, s2i: string, image = `${prefix}/${name}:1`): string {
  return tmp.write(`${name}.yml`, `name: ${prefix}\nservices:\n  app:\n    x-s2i: { ${s2i} }\n    image: ${image}\n`);
}

/** Runs a command in a fresh container of `image` and returns its output. */
async function runIn(image: string, cmd: string[]): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: cmd });
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

const inspect = (ref: string): Promise<Docker.ImageInspectInfo> => docker.getImage(ref).inspect();
const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'protocol.file.allow=always', '-c', 'user.name=Test Author', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();

describe('s2i fidelity (issue 13)', () => {
  const image = `${prefix}/shapes:1`;
  let log = '';
  let stderr = '';
  let commit = '';

  before(async () => {
    await removeAll(prefix);
    const lib = makeRepo(join(tmp.dir, 'lib'), 'main');
    lib.commit('the library', { 'greeting.txt': 'hello from the submodule\n' });
    const app = makeRepo(join(tmp.dir, 'app'), 'main');
    app.commit('app in the shape of sclorg standalone-test-app', {
      'app.py': 'print("standalone app")\n',
      '.s2i/environment': 'QUOTED="a b"\nHASH=kept # as written\n',
      '.s2iignore': '# s2i ignore\n*.log\nsecrets\n!keep.log\n',
      'debug.log': 'noise\n',
      'keep.log': 'kept\n',
      'secrets/token': 'hunter2\n',
      '.s2i/bin/helper.sh': ['#!/bin/bash\necho "hi from the helper"\n', 0o755],
      '.s2i/bin/assemble': [
        [
          '#!/bin/bash',
          'set -e',
          'echo "own assemble; helper says: $(/tmp/src/.s2i/bin/helper.sh)"',
          'echo "a line on stderr" >&2',
          'mkdir -p /tmp/.s2i',
          `echo '{"labels": [{"io.example.flavour": "vanilla"}, {"io.k8s.display-name": "Shapes app"}]}' > /tmp/.s2i/image_metadata.json`,
          'exec /usr/libexec/s2i/assemble',
          '',
        ].join('\n'),
        0o755,
      ],
    });
    gitIn(app.dir, 'submodule', '-q', 'add', '../lib', 'vendor/lib');
    gitIn(app.dir, 'commit', '-q', '-m', 'the library as a submodule');
    gitIn(app.dir, 'tag', 'v1');
    makeRepo(join(tmp.dir, 'plain'), 'main').commit('plain app', { 'app.py': 'print("plain")\n' });
    commit = app.head();
    const r = await cli(['build', stackFile('shapes', `builder: '${SCLORG}', git: ./app, ref: v1`, image)]);
    assert.equal(r.code, 0, r.stderr);
    stderr = r.stderr;
    log = readFileSync(join(process.env.BRANCHYARD_DATA_DIR!, 'builds', prefix, 'app.log'), 'utf8');
  });
  after(async () => {
    await removeAll(prefix);
    await removeImages(prefix);
    tmp.remove();
  });

  it('1. submodules are checked out into their folders', async () => {
    assert.match(stderr, /---> submodule vendor\/lib at [0-9a-f]{12}/);
    assert.equal(await runIn(image, ['cat', '/opt/app-root/src/vendor/lib/greeting.txt']), 'hello from the submodule\n');
  });

  it('2. the build log keeps stdout and stderr lines apart and says which is which', () => {
    assert.match(log, /^err\| a line on stderr$/m);
    assert.match(log, /^out\| ---> Installing application source \.\.\.$/m);
  });

  it('3. .s2i/environment values are taken literally, as s2i does', async () => {
    const env = (await inspect(image)).Config.Env;
    assert.ok(env.includes('QUOTED="a b"'), env.join('\n'));
    assert.ok(env.includes('HASH=kept # as written'), env.join('\n'));
  });

  it("4. labels, user and command are s2i's", async () => {
    const { Config: c } = await inspect(image);
    const l = c.Labels;
    assert.equal(l['io.openshift.s2i.build.commit.ref'], 'HEAD', 'a tag is checked out detached');
    assert.equal(l['io.openshift.s2i.build.commit.id'], commit);
    assert.equal(l['io.openshift.s2i.build.commit.message'], 'the library as a submodule');
    assert.equal(l['io.openshift.s2i.build.commit.date'], gitIn(join(tmp.dir, 'app'), 'show', '-s', '--format=%ad', 'HEAD'));
    assert.equal(l['io.openshift.s2i.build.image'], `docker.io/${SCLORG}`);
    assert.equal(l['io.openshift.tags'], 'builder,python,python311,python-311', "the builder's labels are kept");
    assert.equal(c.User, '1001');
    assert.deepEqual(c.Cmd, ['/usr/libexec/s2i/run']);
    assert.ok(c.Env.includes('APP_ROOT=/opt/app-root'));
    // sclorg's convention: the app root belongs to 1001 and group 0 may write it
    assert.equal(await runIn(image, ['stat', '-c', '%u:%g %A', '/opt/app-root/src/app.py']), '1001:0 -rw-rw-r--\n');
  });

  it('5. .s2iignore leaves out what it names, ! takes back', async () => {
    assert.equal(await runIn(image, ['sh', '-c', 'cd /opt/app-root/src; ls -d debug.log keep.log secrets 2>/dev/null; true']), 'keep.log\n');
  });

  it('6. a named builder user whose group is not 0 gets the source as its own', async () => {
    const named = `${prefix}/named:1`;
    const r = await cli(['build', stackFile('named', 'builder: branchyard-test/s2i-named-user:1, git: ./plain, ref: main', named)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await inspect(named)).Config.User, 'appuser');
    assert.equal(await runIn(named, ['stat', '-c', '%U', '/opt/app-root/src/app.py']), 'appuser\n');
  });

  it('7. labels an assemble writes to /tmp/.s2i/image_metadata.json reach the image, last', async () => {
    const l = (await inspect(image)).Config.Labels;
    assert.equal(l['io.example.flavour'], 'vanilla');
    assert.equal(l['io.k8s.display-name'], 'Shapes app', 'image_metadata.json wins over the generated display name');
  });

  it('10. other files of .s2i/bin stay in the source; the scripts taken from there do not', async () => {
    assert.match(stderr, /own assemble; helper says: hi from the helper/);
    assert.equal(await runIn(image, ['ls', '/opt/app-root/src/.s2i/bin']), 'helper.sh\n');
  });

  it('8 and 11. changed file:// scripts rebuild; the image replaced is removed when unused', async () => {
    const scripts = join(tmp.dir, 'scripts');
    execFileSync('mkdir', ['-p', scripts]);
    writeFileSync(join(scripts, 'assemble'), '#!/bin/bash\nset -e\ncp -R /tmp/src/. "$HOME"/\n', { mode: 0o755 });
    writeFileSync(join(scripts, 'run'), '#!/bin/bash\necho "run v1"\n', { mode: 0o755 });
    const tag = `${prefix}/scripted:1`;
    const file = stackFile('scripted', `builder: '${SCLORG}', git: ./plain, ref: main, scripts_url: '${pathToFileURL(scripts).href}'`, tag);
    const first = await cli(['build', file, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const before = (await inspect(tag)).Id;
    writeFileSync(join(scripts, 'run'), '#!/bin/bash\necho "run v2"\n', { mode: 0o755 });
    const second = await cli(['build', file, '--json']);
    assert.equal(second.code, 0, second.stderr);
    const [out] = JSON.parse(second.stdout) as { reused: boolean; imageId: string }[];
    assert.equal(out.reused, false, 'changed scripts are a changed input');
    assert.equal(await runIn(tag, ['/tmp/scripts/run']), 'run v2\n');
    await assert.rejects(docker.getImage(before).inspect(), 'the replaced image is gone');
  });

  it("9. an incremental build runs the previous image's own save-artifacts", async () => {
    const inc = makeRepo(join(tmp.dir, 'inc'), 'main', 's2i-app');
    const save = (extra: string) => ['#!/bin/bash\nset -e\n' + extra + 'cd /opt/app-root/src\nexec tar -cf - .deps\n', 0o755] as [string, number];
    inc.commit('with its own save-artifacts', { '.s2i/bin/save-artifacts': save('') });
    const file = stackFile('inc', 'builder: branchyard-test/s2i-python:3, git: ./inc, ref: main, incremental: true');
    const first = await cli(['build', file]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /installing fakepkg-gamma/);
    // The new commit's save-artifacts would break the tar: s2i never runs it on the previous image.
    inc.commit('save-artifacts that writes to stdout', { '.s2i/bin/save-artifacts': save('echo "stray output"\n') });
    const second = await cli(['build', file]);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /incremental build failed/);
    assert.match(second.stderr, /Restoring build artifacts/);
    assert.doesNotMatch(second.stderr, /installing fakepkg/);
  });

  it('options: env_file, inject (gone from the image), exclude, as x-s2i keys', async () => {
    const opt = makeRepo(join(tmp.dir, 'opt'), 'main');
    opt.commit('reads an injected secret', {
      'app.py': 'print("opt")\n',
      'README.md': 'docs\n',
      '.s2i/bin/assemble': ['#!/bin/bash\nset -e\necho "injected: $(cat /opt/app-root/secrets/token)"\nexec /usr/libexec/s2i/assemble\n', 0o755],
    });
    mkdirSync(join(tmp.dir, 'secrets'));
    tmp.write('secrets/token', 's3cret\n');
    tmp.write('build.env', 'FROM_FILE="as written"\n');
    const tag = `${prefix}/opt:1`;
    const file = stackFile('opt', `builder: '${SCLORG}', git: ./opt, ref: main, env_file: build.env, exclude: '\\.md$', inject: [ 'secrets:/opt/app-root/secrets' ]`, tag);
    const r = await cli(['build', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /injected: s3cret/);
    assert.ok((await inspect(tag)).Config.Env.includes('FROM_FILE="as written"'));
    assert.equal(await runIn(tag, ['sh', '-c', 'ls -d /opt/app-root/secrets /opt/app-root/src/README.md /opt/app-root/src/app.py 2>&1; true']).then((o) => o.split('\n').filter((l) => !/No such file/.test(l)).join('\n')), '/opt/app-root/src/app.py\n');
  });

  it('build flags: --allowed-uids refuses a builder outside the range; --usage prints the usage script', async () => {
    const file = stackFile('flags', `builder: '${SCLORG}', git: ./plain, ref: main`);
    const refused = await cli(['build', file, '--allowed-uids', '2000-']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /image branchyard-test\/s2i-sclorg-python:3\.11 must specify a user that is numeric and within the range of allowed users/);
    const named = await cli(['build', stackFile('flags2', 'builder: branchyard-test/s2i-named-user:1, git: ./plain, ref: main'), '--allowed-uids', '1-']);
    assert.equal(named.code, 2, 'a user name cannot be checked, as in s2i');
    const usage = await cli(['build', file, 'app', '--usage']);
    assert.equal(usage.code, 0, usage.stderr);
    assert.match(usage.stdout, /This is a Python 3\.11 S2I builder image/);
    const bad = await cli(['build', file, '--exclude', '(', '--incremental-pull-policy', 'sometimes']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--exclude: '\(' is not a regular expression/);
    assert.match(bad.stderr, /--incremental-pull-policy: 'sometimes' is not a pull policy/);
  });

  it('copy: the working tree as it is, uncommitted files too; an unchanged tree is reused', async () => {
    const wt = makeRepo(join(tmp.dir, 'wt'), 'main');
    wt.commit('committed', { 'app.py': 'print("committed")\n' });
    writeFileSync(join(wt.dir, 'app.py'), 'print("edited, not committed")\n');
    writeFileSync(join(wt.dir, 'new.txt'), 'untracked\n');
    const tag = `${prefix}/wt:1`;
    const file = stackFile('wt', `builder: '${SCLORG}', git: ./wt, copy: true`, tag);
    const first = await cli(['build', file, '--json']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(await runIn(tag, ['cat', '/opt/app-root/src/app.py', '/opt/app-root/src/new.txt']), 'print("edited, not committed")\nuntracked\n');
    assert.equal(await runIn(tag, ['sh', '-c', 'ls -a /opt/app-root/src | grep -c "^.git$"; true']), '0\n', 'no .git folder');
    const l = (await inspect(tag)).Config.Labels;
    assert.equal(l['io.openshift.s2i.build.source-location'], wt.dir);
    assert.equal(l['io.openshift.s2i.build.commit.id'], undefined, "s2i's copy gives no commit labels");
    const again = await cli(['build', file, '--json']);
    assert.equal((JSON.parse(again.stdout) as { reused: boolean }[])[0].reused, true, again.stderr);
    writeFileSync(join(wt.dir, 'new.txt'), 'changed\n');
    const changed = await cli(['build', file, '--json']);
    assert.equal((JSON.parse(changed.stdout) as { reused: boolean }[])[0].reused, false, changed.stderr);
  });

  it('runtime_image: the artifacts go into the runtime image, assemble-runtime runs, its run is the command', async () => {
    const tag = `${prefix}/runtime:1`;
    const file = stackFile('runtime', `builder: '${SCLORG}', git: ./plain, ref: main, runtime_image: branchyard-test/s2i-runtime:1, runtime_artifacts: [ '/opt/app-root/src/app.py:app' ]`, tag);
    const r = await cli(['build', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /---> assemble-runtime: \.\/app\/app\.py/);
    const { Config: c } = await inspect(tag);
    assert.deepEqual(c.Cmd, ['/usr/libexec/s2i/run']);
    assert.equal(c.User, '1001');
    assert.equal(c.Labels['io.openshift.s2i.build.image'], `docker.io/${SCLORG}`);
    assert.equal(c.Labels['io.k8s.description'], "runtime image for two-image s2i builds in Branchyard's tests", "the runtime image's labels, not the builder's");
    assert.equal(await runIn(tag, ['sh', '-c', 'cat /opt/app-root/app/app.py; command -v python3 || echo "no python"']), 'print("plain")\nno python\n');
  });

  it('leaves no build container behind', async () => {
    assert.deepEqual((await buildContainersLeft()).filter((n) => n.includes(prefix)), []);
  });
});
