import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PullBytes } from '../../electron/engine/docker/images.ts';

test('pull bytes are summed over layers; finished and existing layers count as fetched', () => {
  const b = new PullBytes();
  b.note({ status: 'Pulling from library/redis', id: '7' });
  b.note({ status: 'Pulling fs layer', id: 'a' });
  b.note({ status: 'Pulling fs layer', id: 'b' });
  b.note({ status: 'Already exists', id: 'c' });
  assert.deepEqual(b.total(), { done: 0, total: 0 }, 'sizes are unknown before the downloads start');
  b.note({ status: 'Downloading', id: 'a', progressDetail: { current: 100, total: 1000 } });
  b.note({ status: 'Downloading', id: 'b', progressDetail: { current: 50, total: 500 } });
  assert.deepEqual(b.total(), { done: 150, total: 1500 });
  b.note({ status: 'Download complete', id: 'a' });
  assert.deepEqual(b.total(), { done: 1050, total: 1500 });
  b.note({ status: 'Extracting', id: 'a', progressDetail: { current: 10, total: 4000 } });
  assert.deepEqual(b.total(), { done: 1050, total: 1500 }, 'extraction is not download: sizes stay');
  b.note({ status: 'Downloading', id: 'b', progressDetail: { current: 900, total: 500 } });
  assert.deepEqual(b.total(), { done: 1500, total: 1500 }, 'never more done than in all');
  b.note({ status: 'Digest: sha256:abc' });
  b.note({ status: 'Status: Downloaded newer image for redis:7' });
  assert.deepEqual(b.total(), { done: 1500, total: 1500 });
});
