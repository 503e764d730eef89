// Making user-set folders without Node 20's recursive mkdir: nested levels, folders that exist,
// a file in the way, two makers at once, and a path under /proc that cannot be made (which the
// recursive mkdir loops on forever: run in a child with a deadline, so a regression fails
// instead of hanging the test run).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { PathError } from '../../electron/engine/files/fsReason.ts';
import { makeFolder, makeFolderSync } from '../../electron/engine/files/makeFolder.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-make-folder-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('makes every missing level; an existing folder is fine; two at once are fine', async () => {
  const deep = join(tmp, 'a', 'b', 'c');
  await makeFolder(deep);
  assert.ok(statSync(deep).isDirectory());
  await makeFolder(deep);
  makeFolderSync(join(deep, 'd', 'e'));
  assert.ok(statSync(join(deep, 'd', 'e')).isDirectory());
  await Promise.all(Array.from({ length: 8 }, () => makeFolder(join(tmp, 'race', 'x', 'y'))));
  assert.ok(statSync(join(tmp, 'race', 'x', 'y')).isDirectory());
});

test('a file in the way is named', async () => {
  const file = join(tmp, 'file');
  writeFileSync(file, 'x');
  for (const make of [makeFolder, async (p: string) => makeFolderSync(p)]) {
    await assert.rejects(make(join(file, 'sub', 'dir')), (e: unknown) => e instanceof PathError && e.code === 'ENOTDIR' && e.path === file && e.message === `${file} is a file, not a folder (ENOTDIR)`);
    await assert.rejects(make(file), (e: unknown) => e instanceof PathError && e.code === 'ENOTDIR');
  }
});

test('a folder /proc will not have fails at once, saying so', () => {
  const module = resolve(import.meta.dirname, '../../electron/engine/files/makeFolder.ts');
  const script = `
    const { makeFolder, makeFolderSync } = await import(${JSON.stringify(module)});
    const out = [];
    try { makeFolderSync('/proc/nope/a/b'); } catch (e) { out.push(e.message); }
    await makeFolder('/proc/nope/a/b').catch((e) => out.push(e.message));
    console.log(JSON.stringify(out));`;
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  assert.equal(r.signal, null, `killed after ${Date.now() - started} ms: it hung`);
  assert.equal(r.status, 0, r.stderr);
  const expected = 'the file system of /proc does not allow making /proc/nope (ENOENT)';
  assert.deepEqual(JSON.parse(r.stdout), [expected, expected]);
});
