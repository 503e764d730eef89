// What `branchyard serve` keeps between runs (serve.json): the token is made once, kept 0600 and
// reused; --new-token replaces it; a file that cannot be trusted (readable by others, another
// user's, a symlink, garbage) is replaced by a new token and never followed or believed.

import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readPrivateFile } from '../../electron/engine/files/privateFile.ts';
import { loadServeState, saveServeState } from '../../electron/engine/server/serveState.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-serve-state-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `case-${n++}`, 'data', 'serve.json');
const mode = (f: string) => statSync(f).mode & 0o777;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const posix = process.platform !== 'win32';

test('the first run makes a token in a 0600 file, in a data folder it makes; later runs reuse it with the port', async () => {
  const file = fresh();
  const first = await loadServeState(file);
  assert.match(first.token, TOKEN);
  assert.equal(first.renewed, undefined, 'a first token is not news');
  if (posix) assert.equal(mode(file), 0o600);
  await saveServeState(file, { token: first.token, port: 41234 });
  const again = await loadServeState(file);
  assert.deepEqual(again, { token: first.token, port: 41234 });
  assert.deepEqual(readdirSync(join(file, '..')), ['serve.json'], 'no temporary file is left');
});

test('--new-token replaces the token and keeps the port', async () => {
  const file = fresh();
  const first = await loadServeState(file);
  await saveServeState(file, { token: first.token, port: 40000 });
  const renewed = await loadServeState(file, { newToken: true });
  assert.notEqual(renewed.token, first.token);
  assert.equal(renewed.port, 40000);
  assert.equal(renewed.renewed, '--new-token');
  assert.equal((await loadServeState(file)).token, renewed.token, 'the new token is the one kept');
});

test('a token file others may read is not trusted: a new token, in a 0600 file', { skip: !posix }, async () => {
  const file = fresh();
  const first = await loadServeState(file);
  chmodSync(file, 0o644);
  const next = await loadServeState(file);
  assert.notEqual(next.token, first.token);
  assert.match(next.renewed ?? '', /could not be trusted \(others may read or change it \(mode 0644\)\)/);
  assert.equal(mode(file), 0o600);
});

test('a token file of another user is not trusted', { skip: !posix || process.getuid?.() !== 0 ? 'needs root to chown' : false }, async () => {
  const file = fresh();
  const first = await loadServeState(file);
  chownSync(file, 4242, 4242);
  const next = await loadServeState(file);
  assert.notEqual(next.token, first.token);
  assert.match(next.renewed ?? '', /belongs to another user \(uid 4242\)/);
  assert.equal(statSync(file).uid, 0);
});

test('a symlink is neither followed nor written through: the link itself is replaced', { skip: !posix }, async () => {
  const file = fresh();
  await loadServeState(file);
  const target = join(tmp, `elsewhere-${n}`);
  writeFileSync(target, JSON.stringify({ token: 'A'.repeat(43), port: 1 }), { mode: 0o600 });
  rmSync(file);
  symlinkSync(target, file);
  const next = await loadServeState(file);
  assert.notEqual(next.token, 'A'.repeat(43), 'a token behind a symlink is not believed');
  assert.match(next.renewed ?? '', /symbolic link/);
  assert.ok(lstatSync(file).isFile());
  assert.equal(readFileSync(target, 'utf8'), JSON.stringify({ token: 'A'.repeat(43), port: 1 }), 'the link’s target is untouched');
});

test('a file without a token, or with a malformed one, is replaced', async () => {
  for (const text of ['not json', '{}', JSON.stringify({ token: 'short' }), JSON.stringify({ token: `${'a'.repeat(42)}!` })]) {
    const file = fresh();
    await loadServeState(file);
    writeFileSync(file, text, { mode: 0o600 });
    const next = await loadServeState(file);
    assert.match(next.token, TOKEN);
    assert.match(next.renewed ?? '', /held no token/, text);
  }
});

test('readPrivateFile: missing, a folder, a good file', { skip: !posix }, async () => {
  const dir = join(tmp, 'private');
  const file = fresh();
  assert.deepEqual(await readPrivateFile(join(dir, 'nope')), { state: 'missing' });
  await loadServeState(file);
  const ok = await readPrivateFile(file);
  assert.equal(ok.state, 'ok');
  assert.deepEqual(await readPrivateFile(join(file, '..')), { state: 'unsafe', reason: 'it is not a regular file' });
});

test('a folder where the token file should be is an error naming it', async () => {
  const file = fresh();
  await loadServeState(file);
  rmSync(file);
  mkdirSync(file);
  writeFileSync(join(file, 'inside'), '');
  await assert.rejects(loadServeState(file), (e: Error) => e.message.startsWith(`cannot write the browser mode's token file ${file}:`));
});
