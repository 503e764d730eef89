// Submodules of a build's source are checked out (recursively, through mirrors), as s2i's
// `git clone --recursive` does; relative URLs resolve against the superproject's URL.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import tar from 'tar-stream';
import { fetchSource } from '../../electron/engine/build/source/gitSource.ts';
import { concatArchives, resolveSubmoduleUrl, submoduleParts } from '../../electron/engine/build/source/submodules.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'branchyard-submodules-'));
after(() => rmSync(root, { recursive: true, force: true }));
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.com' };
// `submodule add` of a local path needs the file protocol allowed (git 2.38+)
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], { cwd, env, encoding: 'utf8' }).trim();

function repo(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), c);
  }
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', `${name} files`);
  return dir;
}

async function names(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => {
      if (h.type === 'file') out.set(h.name, Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  stream.pipe(extract);
  await new Promise((r) => extract.on('finish', r));
  return out;
}

test('relative submodule URLs resolve like git resolves them', () => {
  assert.equal(resolveSubmoduleUrl('https://git.example/team/app.git', '../lib.git'), 'https://git.example/team/lib.git');
  assert.equal(resolveSubmoduleUrl('https://git.example/team/app.git', '../../other/lib.git'), 'https://git.example/other/lib.git');
  assert.equal(resolveSubmoduleUrl('https://git.example/team/app.git/', './sub'), 'https://git.example/team/app.git/sub');
  assert.equal(resolveSubmoduleUrl('git@git.example:team/app.git', '../lib.git'), 'git@git.example:team/lib.git');
  assert.equal(resolveSubmoduleUrl('/srv/git/app', '../lib'), '/srv/git/lib');
  assert.equal(resolveSubmoduleUrl('/srv/git/app', 'https://elsewhere/x.git'), 'https://elsewhere/x.git');
});

test('a commit with nested submodules gives one archive with their files, at the pinned commits', async () => {
  repo('deep', { 'deep.txt': 'deep v1\n' });
  const lib = repo('lib', { 'lib.py': 'print("lib v1")\n' });
  git(lib, 'submodule', '-q', 'add', '../deep', 'vendor/deep');
  git(lib, 'commit', '-q', '-m', 'deep as a submodule');
  const app = repo('app', { 'app.py': 'print("app")\n', 'web/index.html': '<p>hi</p>\n' });
  git(app, 'submodule', '-q', 'add', '../lib', 'web/lib');
  git(app, 'commit', '-q', '-m', 'lib as a submodule');
  // a newer lib commit the app does not pin: the archive keeps the pinned one
  writeFileSync(path.join(lib, 'lib.py'), 'print("lib v2")\n');
  git(lib, 'commit', '-q', '-am', 'lib v2');

  const o = { cacheDir: path.join(root, 'cache'), onOutput: () => {} };
  const source = await fetchSource(app, 'main', o);
  for (const ctx of ['', 'web']) {
    const subs = await submoduleParts(source.mirror, source.commit.location, source.commit.id, ctx, o);
    const files = await names(concatArchives([{ prefix: '', open: () => openMain(source, ctx) }, ...subs]));
    const at = (p: string) => (ctx ? p.slice(ctx.length + 1) : p);
    assert.equal(files.get(at('web/lib/lib.py')), 'print("lib v1")\n', `context '${ctx}'`);
    assert.equal(files.get(at('web/lib/vendor/deep/deep.txt')), 'deep v1\n', `context '${ctx}'`);
    if (!ctx) assert.equal(files.get('app.py'), 'print("app")\n');
  }
});

test('a gitlink without a URL in .gitmodules is an error naming it', async () => {
  const lone = repo('lone', { 'a.txt': 'a\n' });
  const target = git(repo('target', { 't.txt': 't\n' }), 'rev-parse', 'HEAD');
  git(lone, 'update-index', '--add', '--cacheinfo', `160000,${target},ext`);
  git(lone, 'commit', '-q', '-m', 'gitlink without .gitmodules');
  const o = { cacheDir: path.join(root, 'cache') };
  const source = await fetchSource(lone, 'main', o);
  await assert.rejects(submoduleParts(source.mirror, source.commit.location, source.commit.id, '', o), /submodule ext: no URL for it in \.gitmodules/);
});

/** The superproject's own archive, opened when the concatenation reaches it. */
function openMain(source: Awaited<ReturnType<typeof fetchSource>>, ctx: string): NodeJS.ReadableStream {
  const out = new PassThrough();
  void source.archive(ctx || '.').then((s) => s.pipe(out));
  return out;
}
