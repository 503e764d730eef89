// The capture folder without Docker: preparing the output (or failing with the path and why),
// publishing, listing newest first, and showing by id.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { ArchiveWriter } from '../../electron/engine/capture/archiveWriter.ts';
import { listCaptures, showCapture } from '../../electron/engine/capture/captureListing.ts';
import { prepareCapture, publishCapture } from '../../electron/engine/capture/captureStore.ts';
import { MANIFEST_NAME, ManifestBuilder, manifestJson } from '../../electron/engine/capture/manifest.ts';

const tmp = mkdtempSync(join(tmpdir(), 'branchyard-capture-store-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a capture folder under a regular file fails with the path and why, creating nothing', async () => {
  const blocker = join(tmp, 'blocker');
  writeFileSync(blocker, 'x');
  const err = await prepareCapture(join(blocker, 'captures'), 'hydra-main').then(
    () => assert.fail('prepared under a file'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BranchyardError);
  assert.equal(err.details.file, join(blocker, 'captures', 'hydra-main'));
  // The part of the path at fault is named: the file where a folder should be.
  assert.match(err.message, /cannot write the capture of stack hydra-main to .*blocker\/captures\/hydra-main: .*\/blocker is a file, not a folder \(ENOTDIR\)/);
});

async function capture(dir: string, stack: string, when: Date, sidecar: boolean) {
  const p = await prepareCapture(dir, stack, when);
  assert.ok(existsSync(p.partialPath));
  const b = new ManifestBuilder({ id: p.id, stack, template: 't', createdAt: when.toISOString() });
  const w = new ArchiveWriter(p.fd, when);
  b.addFile({ path: 'services/a/stdout.log', kind: 'log', service: 'a', ...(await w.addBuffer('services/a/stdout.log', 'line\n')) });
  const m = b.build();
  await w.addBuffer(MANIFEST_NAME, manifestJson(m));
  await w.finish();
  const summary = await publishCapture(p, m);
  if (!sidecar) rmSync(p.manifestPath);
  return summary;
}

test('captures are published under their timestamp, listed newest first, shown by id', async () => {
  const dir = join(tmp, 'captures');
  const older = await capture(dir, 'beta', new Date(Date.UTC(2026, 0, 1)), false);
  const newer = await capture(dir, 'alpha', new Date(Date.UTC(2026, 5, 1, 12, 0, 0, 5)), true);
  assert.equal(newer.id, 'alpha/20260601T120000.005Z');
  assert.deepEqual(readdirSync(join(dir, 'alpha')).sort(), ['20260601T120000.005Z.manifest.json', '20260601T120000.005Z.tar.gz']);
  // Debris that is not a capture: a partial archive, a stray file, a folder that is no stack name.
  writeFileSync(join(dir, 'alpha', '.20260701T000000.000Z.tar.gz.partial'), 'half');
  writeFileSync(join(dir, 'alpha', 'notes.txt'), 'x');
  writeFileSync(join(dir, 'alpha', '20260801T000000.000Z.tar.gz'), 'not gzip');
  mkdirSync(join(dir, 'Not A Stack'));

  const all = await listCaptures(dir);
  assert.deepEqual(all.map((c) => c.id), [newer.id, older.id]);
  assert.deepEqual(all[1], older, 'an archive without a sidecar is listed from its own manifest');
  assert.deepEqual((await listCaptures(dir, 'beta')).map((c) => c.id), [older.id]);
  assert.deepEqual(await listCaptures(join(tmp, 'nowhere')), []);

  const m = await showCapture(dir, newer.id);
  assert.equal(m.files[0].sha256, createHash('sha256').update('line\n').digest('hex'));
  assert.equal(m.files[0].bytes, 5);
  await assert.rejects(showCapture(dir, 'alpha/20200101T000000.000Z'), (e: BranchyardError) => e.kind === 'not-found');
  await assert.rejects(showCapture(dir, '../alpha/20260601T120000.005Z'), (e: BranchyardError) => e.kind === 'invalid-input');
});

test('a discarded capture leaves nothing behind', async () => {
  const dir = join(tmp, 'discard');
  const p = await prepareCapture(dir, 'gamma');
  await p.discard();
  assert.deepEqual(readdirSync(join(dir, 'gamma')), []);
});
