// Names inside a capture archive: nothing from a container's tar (crafted or not) may escape
// services/<service>/files/, and links are never stored as links.

import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import tar from 'tar-stream';
import { isSafeArchiveName, mapArchiveEntry, normaliseCapturePath, serviceDir } from '../../electron/engine/capture/archiveNames.ts';
import { readArchive } from '../../electron/engine/capture/archiveReader.ts';
import { ArchiveWriter } from '../../electron/engine/capture/archiveWriter.ts';
import { type CopyResult, repackArchive } from '../../electron/engine/capture/copyPaths.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-capture-names-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const DIR = 'services/app';

test('entries of a file and a folder land under files/ with the path of the container', () => {
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/celery.log', { name: 'celery.log', type: 'file' }), { store: 'file', name: 'services/app/files/tmp/celery.log' });
  assert.deepEqual(mapArchiveEntry(DIR, '/data/logs', { name: 'logs/', type: 'directory' }), { store: 'directory', name: 'services/app/files/data/logs' });
  assert.deepEqual(mapArchiveEntry(DIR, '/data/logs', { name: 'logs/a/b.txt', type: 'file' }), { store: 'file', name: 'services/app/files/data/logs/a/b.txt' });
  assert.deepEqual(mapArchiveEntry(DIR, '/', { name: './', type: 'directory' }), { ignore: true });
});

test('crafted names cannot leave files/: .., absolute names, backslashes, control characters', () => {
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/x', { name: '../../etc/passwd', type: 'file' }), { skip: "name contains '..'" });
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/x', { name: 'x/../../../y', type: 'file' }), { skip: "name contains '..'" });
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/x', { name: '/etc/passwd', type: 'file' }), { store: 'file', name: 'services/app/files/tmp/etc/passwd' });
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/x', { name: 'x/..\\..\\evil', type: 'file' }), { store: 'file', name: 'services/app/files/tmp/x/.._.._evil' });
  assert.deepEqual(mapArchiveEntry(DIR, '/tmp/x', { name: 'x/a\u0001b', type: 'file' }), { store: 'file', name: 'services/app/files/tmp/x/a_b' });
});

test('links and devices are skipped with the reason', () => {
  assert.match((mapArchiveEntry(DIR, '/tmp/x', { name: 'x', type: 'symlink', linkname: '/etc/shadow' }) as { skip: string }).skip, /symbolic link to \/etc\/shadow/);
  assert.match((mapArchiveEntry(DIR, '/tmp/x', { name: 'x/h', type: 'link', linkname: 'x/f' }) as { skip: string }).skip, /hard link to x\/f/);
  assert.match((mapArchiveEntry(DIR, '/dev', { name: 'dev/null', type: 'character-device' }) as { skip: string }).skip, /character-device/);
});

test('capture paths from a label are normalised or refused', () => {
  assert.deepEqual(normaliseCapturePath('/data/logs/'), { path: '/data/logs' });
  assert.deepEqual(normaliseCapturePath('/data/../../etc'), { path: '/etc' });
  assert.deepEqual(normaliseCapturePath('/'), { path: '/' });
  assert.ok('problem' in normaliseCapturePath('relative'));
  assert.ok('problem' in normaliseCapturePath(''));
  assert.ok('problem' in normaliseCapturePath('/a\0b'));
  assert.ok('problem' in normaliseCapturePath(42));
});

test('service folders are safe and unique, whatever the label says', () => {
  const taken = new Set<string>();
  assert.equal(serviceDir('app', 'a'.repeat(64), taken), 'services/app');
  assert.equal(serviceDir('app', 'b'.repeat(64), taken), `services/app-${'b'.repeat(12)}`);
  assert.equal(serviceDir('../../x', 'c'.repeat(64), taken), 'services/x');
  assert.equal(serviceDir('..', 'd'.repeat(64), taken), `services/${'d'.repeat(12)}`);
  for (const n of taken) assert.ok(isSafeArchiveName(`services/${n}`), n);
});

test('isSafeArchiveName refuses absolute, .., empty parts and backslashes', () => {
  for (const bad of ['/x', 'a/../b', '..', 'a//b', './a', 'a\\b', '']) assert.equal(isSafeArchiveName(bad), false, bad);
  assert.equal(isSafeArchiveName('services/app/files/tmp/x.log'), true);
});

/** A tar as a container (or a crafted engine) could send it. */
function craftedTar(): NodeJS.ReadableStream {
  const pack = tar.pack();
  pack.entry({ name: 'logs/', type: 'directory' });
  pack.entry({ name: 'logs/ok.txt' }, 'fine\n');
  pack.entry({ name: '../../../../etc/evil' }, 'escaped?\n');
  pack.entry({ name: '/abs/evil' }, 'absolute\n');
  pack.entry({ name: 'logs/link', type: 'symlink', linkname: '/etc/shadow' });
  pack.entry({ name: 'logs/hard', type: 'link', linkname: 'logs/ok.txt' });
  pack.entry({ name: 'logs/ok.txt' }, 'second copy\n');
  pack.finalize();
  const out = new PassThrough();
  pack.pipe(out);
  return out;
}

test('a crafted container tar is re-packed with only safe names and no links', async () => {
  const path = join(tmp, 'crafted.tar.gz');
  const fd = openSync(path, 'wx');
  const writer = new ArchiveWriter(fd, new Date());
  const result: CopyResult = { files: [], missing: [], skipped: [] };
  await repackArchive(craftedTar(), DIR, '/data/logs', writer, 'app', new Set(), result);
  await writer.finish();
  closeSync(fd);

  const { entries } = await readArchive(path);
  const names = entries.map((e) => `${e.type} ${e.name}`);
  assert.deepEqual(names, ['directory services/app/files/data/logs', 'file services/app/files/data/logs/ok.txt', 'file services/app/files/data/abs/evil']);
  for (const e of entries) assert.ok(isSafeArchiveName(e.name) && e.name.startsWith(`${DIR}/files/`), e.name);
  assert.deepEqual(
    result.skipped.map((s) => s.reason.replace(/ \(.*$/, '')),
    ["name contains '..'", 'symbolic link to /etc/shadow', 'hard link to logs/ok.txt', 'stored already under the same name'],
  );
  const ok = result.files.find((f) => f.path.endsWith('ok.txt'))!;
  assert.equal(ok.source, '/data/logs/ok.txt');
  assert.equal(ok.bytes, 5);
  assert.equal(entries.find((e) => e.name === ok.path)!.sha256, ok.sha256);
});
