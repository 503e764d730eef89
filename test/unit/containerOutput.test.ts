// A build container's stdout and stderr are split into lines separately: a half line on one
// stream is never glued to the other.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputLines, type OutputStream } from '../../electron/engine/build/containerOutput.ts';

test('interleaved partial lines of stdout and stderr stay on their own streams', async () => {
  const seen: [string, OutputStream][] = [];
  const lines = outputLines((line, stream) => seen.push([line, stream]));
  // As the engine's frames arrive under load: each stream's line in two pieces, interleaved.
  lines.stderr.write('err 6');
  lines.stdout.write('out 6');
  lines.stderr.write('0\n');
  lines.stdout.write('0000\nlast without newline');
  lines.end();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [
    ['err 60', 'stderr'],
    ['out 60000', 'stdout'],
    ['last without newline', 'stdout'],
  ]);
  assert.deepEqual(lines.tail, ['err 60', 'out 60000', 'last without newline']);
});

test('a UTF-8 character split across chunks is decoded whole', async () => {
  const seen: string[] = [];
  const lines = outputLines((line) => seen.push(line));
  const bytes = Buffer.from('grüße\n');
  lines.stdout.write(bytes.subarray(0, 3));
  lines.stdout.write(bytes.subarray(3));
  lines.end();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, ['grüße']);
});
