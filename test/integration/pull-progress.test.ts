// A pull reports its bytes: an image whose layer the engine does not have is pulled from a real
// registry on loopback, and the progress events carry the bytes fetched so far and in all,
// ending with all of them.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import tar from 'tar-stream';
import type { ProgressEvent } from '../../shared/api/stacks.ts';
import { ensureImage } from '../../electron/engine/docker/images.ts';
import { docker, runPrefix, tempDir } from './harness.ts';
import { startRegistry } from './registry.ts';

const prefix = runPrefix('pull');
const tmp = tempDir();
const BLOB = 3 * 1024 * 1024;

/** An image FROM scratch with one layer of random bytes: no other image shares it. */
async function buildBlobImage(tag: string): Promise<void> {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, 'FROM scratch\nCOPY blob /blob\n');
  pack.entry({ name: 'blob' }, randomBytes(BLOB));
  pack.finalize();
  const stream = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: tag });
  await new Promise<void>((ok, fail) => docker.modem.followProgress(stream, (e: Error | null) => (e ? fail(e) : ok())));
}

describe('pull progress', () => {
  let registry: { port: number; stop(): void };
  let ref: string;

  before(async () => {
    registry = await startRegistry(tmp.dir);
    ref = `127.0.0.1:${registry.port}/${prefix}/blob:1`;
    await buildBlobImage(ref);
    const pushed = await docker.getImage(ref).push({ tag: '1', authconfig: { serveraddress: `127.0.0.1:${registry.port}` } } as object);
    await new Promise<void>((ok, fail) => docker.modem.followProgress(pushed, (e: Error | null) => (e ? fail(e) : ok())));
    await docker.getImage(ref).remove({ force: true });
  });

  after(async () => {
    await docker.getImage(ref).remove({ force: true }).catch(() => {});
    registry?.stop();
    tmp.remove();
  });

  it('reports the pulling phase, then bytes that grow to the layer size', async () => {
    const events: ProgressEvent[] = [];
    await ensureImage(docker, ref, (e) => events.push(e), 'blob');
    assert.equal(events[0].phase, 'pulling');
    assert.equal(events[0].service, 'blob');
    const sized = events.filter((e) => e.bytes && e.bytes.total > 0);
    assert.ok(sized.length > 0, `no event with bytes: ${JSON.stringify(events)}`);
    const last = sized.at(-1)!.bytes!;
    // The layer is random bytes, so compressed it is about as big as the blob.
    assert.ok(last.total >= BLOB * 0.9, `total ${last.total} for a ${BLOB} byte layer`);
    assert.equal(last.done, last.total, 'the pull ends with every byte fetched');
    for (let i = 1; i < sized.length; i++) assert.ok(sized[i].bytes!.done >= sized[i - 1].bytes!.done, 'bytes never go back');
  });
});
