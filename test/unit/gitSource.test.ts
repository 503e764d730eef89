import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import tar from 'tar-stream';
import { isBranchyardError } from '../../shared/errors/errors.ts';
import { fetchSource, mirrorPathFor, resolveCommit } from '../../electron/engine/build/source/gitSource.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'branchyard-gitsource-'));
const repo = path.join(root, 'repo');
const cacheDir = path.join(root, 'cache');

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
}

function commitAt(cwd: string, date: string, message: string): string {
  execFileSync('git', ['commit', '-q', '-m', message], {
    cwd,
    env: { ...gitEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(cwd, 'rev-parse', 'HEAD');
}

function write(rel: string, content: string): void {
  const p = path.join(repo, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
}

let first = '';
let second = '';
let featureCommit = '';

before(() => {
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  write('README.md', 'hello\n');
  write('app/index.js', 'console.log(1)\n');
  git(repo, 'add', '.');
  first = commitAt(repo, '2024-01-02T03:04:05+01:00', 'first commit');
  git(repo, 'tag', 'v1');
  write('app/lib/util.js', 'module.exports = 2\n');
  write('run.sh', '#!/bin/sh\necho run\n');
  chmodSync(path.join(repo, 'run.sh'), 0o755);
  write('.gitattributes', 'secret.txt export-ignore\n');
  write('secret.txt', 'still in a checkout\n');
  git(repo, 'add', '.');
  second = commitAt(repo, '2024-02-03T04:05:06+00:00', 'second commit\n\nwith a body\n');
  git(repo, 'checkout', '-q', '-b', 'feature/login');
  write('login.txt', 'login\n');
  git(repo, 'add', '.');
  featureCommit = commitAt(repo, '2024-03-01T00:00:00+00:00', 'login');
  git(repo, 'checkout', '-q', 'main');
});

after(() => rmSync(root, { recursive: true, force: true }));

async function tarNames(stream: NodeJS.ReadableStream): Promise<Map<string, number>> {
  const names = new Map<string, number>();
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, s, next) => {
      if (header.type !== 'pax-global-header') names.set(header.name, header.mode ?? 0);
      s.on('end', next);
      s.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
  return names;
}

async function rejectsWith(p: Promise<unknown>, kind: string, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isBranchyardError(e), `not a BranchyardError: ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.match(e.message, re);
    return true;
  });
}

test('main resolves to the second commit with its metadata', async () => {
  const lines: string[] = [];
  const src = await fetchSource(repo, 'main', { cacheDir, onOutput: (l) => lines.push(l) });
  assert.deepEqual(src.commit, {
    id: second,
    ref: 'main',
    author: 'Ada Lovelace <ada@example.com>',
    date: '2024-02-03T04:05:06+00:00',
    message: 'second commit\n\nwith a body',
    location: repo,
  });
  assert.equal(src.mirror, mirrorPathFor(cacheDir, repo));
  assert.match(path.basename(src.mirror), /^[0-9a-f]{16}\.git$/);
  assert.ok(lines.length > 0, 'git progress reaches onOutput');
});

test('a branch, a tag, a full and a short sha resolve', async () => {
  const o = { cacheDir };
  assert.equal((await resolveCommit(repo, 'feature/login', o)).id, featureCommit);
  const tag = await resolveCommit(repo, 'v1', o);
  assert.equal(tag.id, first);
  assert.equal(tag.date, '2024-01-02T03:04:05+01:00');
  assert.equal((await resolveCommit(repo, first.slice(0, 8), o)).id, first);
  assert.equal((await resolveCommit(repo, second, o)).id, second);
});

test('a new commit is seen after a fetch of the same mirror', async () => {
  const mirror = mirrorPathFor(cacheDir, repo);
  await resolveCommit(repo, 'main', { cacheDir });
  const marker = path.join(mirror, 'branchyard-test-marker');
  writeFileSync(marker, 'x');
  const inode = statSync(mirror).ino;

  write('NEW.md', 'new\n');
  git(repo, 'add', '.');
  const third = commitAt(repo, '2024-04-01T00:00:00+00:00', 'third');
  const c = await resolveCommit(repo, 'main', { cacheDir });
  assert.equal(c.id, third);
  assert.equal(statSync(mirror).ino, inode);
  assert.ok(statSync(marker).isFile(), 'the mirror was updated, not cloned again');
  git(repo, 'reset', '-q', '--hard', second); // back to the state the other tests expect
});

test('readFile and listDir read the commit', async () => {
  const src = await fetchSource(repo, second, { cacheDir });
  assert.equal((await src.readFile('README.md'))?.toString(), 'hello\n');
  assert.equal((await src.readFile('./app/index.js'))?.toString(), 'console.log(1)\n');
  assert.equal(await src.readFile('nothere'), undefined);
  assert.equal(await src.readFile('app'), undefined, 'a folder is not a file');

  const top = await src.listDir('.');
  assert.ok(top);
  const byName = new Map(top.map((e) => [e.name, e]));
  assert.deepEqual(byName.get('run.sh'), { name: 'run.sh', type: 'blob', mode: '100755' });
  assert.deepEqual(byName.get('README.md'), { name: 'README.md', type: 'blob', mode: '100644' });
  assert.deepEqual(byName.get('app'), { name: 'app', type: 'tree', mode: '040000' });
  assert.deepEqual(
    (await src.listDir('app/'))?.map((e) => e.name).sort(),
    ['index.js', 'lib'],
  );
  assert.equal(await src.listDir('nothere'), undefined);
  assert.equal(await src.listDir('README.md'), undefined, 'a file is not a folder');
  await rejectsWith(src.readFile('../etc/passwd'), 'invalid-input', /\.\./);
});

test('archive of the whole commit and of a folder', async () => {
  const src = await fetchSource(repo, 'main', { cacheDir });
  const all = await tarNames(await src.archive('.'));
  for (const n of all.keys()) {
    assert.ok(!n.startsWith('/') && !n.startsWith('..'), `relative: ${n}`);
    assert.ok(!n.split('/').includes('.git'), `no .git: ${n}`);
  }
  for (const n of ['README.md', 'app/index.js', 'app/lib/util.js', 'run.sh', 'secret.txt']) {
    assert.ok(all.has(n), `${n} in ${[...all.keys()].join(', ')}`);
  }
  assert.equal((all.get('run.sh') ?? 0) & 0o111, 0o111, 'run.sh stays executable');
  assert.ok(!all.has('login.txt'));

  const app = await tarNames(await src.archive('app'));
  const files = [...app.keys()].filter((n) => !n.endsWith('/')).sort();
  assert.deepEqual(files, ['index.js', 'lib/util.js']);

  const def = await tarNames(await src.archive());
  assert.deepEqual([...def.keys()].sort(), [...all.keys()].sort());
});

test('bad input and missing things are clear errors', async () => {
  const o = { cacheDir };
  await rejectsWith(fetchSource(repo, '-rf', o), 'invalid-input', /must not begin with '-'/);
  await rejectsWith(fetchSource(repo, '', o), 'invalid-input', /empty/);
  await rejectsWith(fetchSource(repo, 'nope', o), 'not-found', new RegExp(`ref 'nope' not found in ${repo}`));
  const missing = path.join(root, 'no-such-repo');
  await rejectsWith(fetchSource(missing, 'main', o), 'not-found', new RegExp(`^cannot fetch ${missing}: .+`));

  const src = await fetchSource(repo, 'main', o);
  await rejectsWith(src.archive('../x'), 'invalid-input', /context_dir '\.\.\/x' must not contain '\.\.'/);
  await rejectsWith(src.archive('/abs'), 'invalid-input', /context_dir/);
  await rejectsWith(
    src.archive('nothere'),
    'invalid-input',
    new RegExp(`context_dir 'nothere' does not exist in commit ${second.slice(0, 7)}`),
  );
  await rejectsWith(src.archive('README.md'), 'invalid-input', /does not exist/);
});

test('two concurrent fetches of a new URL both succeed', async () => {
  const other = path.join(root, 'concurrent-cache');
  const [a, b, c] = await Promise.all([
    fetchSource(repo, 'main', { cacheDir: other }),
    fetchSource(repo, 'v1', { cacheDir: other }),
    resolveCommit(repo, 'feature/login', { cacheDir: other }),
  ]);
  assert.equal(a.commit.id, second);
  assert.equal(b.commit.id, first);
  assert.equal(c.id, featureCommit);
  assert.equal(a.mirror, b.mirror);
  git(a.mirror, 'fsck', '--no-progress');
});

test('two processes fetching the same new mirror serialise on the lock', async () => {
  const other = path.join(root, 'process-cache');
  const script = `
    import { resolveCommit } from ${JSON.stringify(new URL('../../electron/engine/build/source/gitSource.ts', import.meta.url).href)};
    const c = await resolveCommit(process.argv[1], 'main', { cacheDir: process.argv[2] });
    console.log(c.id);
  `;
  const { execFile } = await import('node:child_process');
  const runOne = () =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, repo, other],
        { cwd: new URL('../..', import.meta.url).pathname },
        (e, out) =>
        e ? reject(e) : resolve(out.trim()),
      ),
    );
  const ids = await Promise.all([runOne(), runOne(), runOne()]);
  assert.deepEqual(ids, [second, second, second]);
});

test('an aborted fetch rejects and leaves no broken mirror', async () => {
  const other = path.join(root, 'abort-cache');
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  await assert.rejects(fetchSource(repo, 'main', { cacheDir: other, signal: ac.signal }), /stop/);
  const c = await resolveCommit(repo, 'main', { cacheDir: other });
  assert.equal(c.id, second);
});

test('aborting while git clones kills it and leaves neither mirror nor temporary clone', async () => {
  const other = path.join(root, 'abort-mid-cache');
  const ac = new AbortController();
  const p = fetchSource(repo, 'main', {
    cacheDir: other,
    signal: ac.signal,
    onOutput: () => ac.abort(new Error('stop now')),
  });
  await assert.rejects(p, /stop now/);
  const { readdirSync } = await import('node:fs');
  assert.deepEqual(readdirSync(path.join(other, 'mirrors')), []);
});

test('a stale lock left by a dead process is taken over', async () => {
  const other = path.join(root, 'stale-cache');
  const lock = `${mirrorPathFor(other, repo)}.lock`;
  mkdirSync(lock, { recursive: true });
  const { utimesSync } = await import('node:fs');
  const old = new Date(Date.now() - 60 * 60_000);
  utimesSync(lock, old, old);
  assert.equal((await resolveCommit(repo, 'main', { cacheDir: other })).id, second);
});

test('the missing-repository message carries git\'s last stderr line', async () => {
  const missing = path.join(root, 'nope');
  await assert.rejects(resolveCommit(missing, 'main', { cacheDir }), (e: Error) => {
    assert.match(e.message, /^cannot fetch .*nope: fatal: .*/);
    return true;
  });
});
