// The command line loads the engine (dockerode and every handler) only when a command runs: help
// and usage errors must not pay for it. Its --timeout default is the engine's.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { DEFAULT_TIMEOUT_S as CLI_DEFAULT } from '../../electron/cli/command.ts';

test('a usage error does not load the engine', async () => {
  const require = createRequire(import.meta.url);
  const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/dockerode/'));
  const { main } = await import('../../electron/cli/main.ts');
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    assert.equal(await main(['up']), 2);
    assert.equal(await main(['nope']), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(loaded(), false, 'dockerode was not loaded');
});

test('the --timeout default of the command line is the engine default', async () => {
  const { DEFAULT_TIMEOUT_S } = await import('../../electron/engine/stacks/up.ts');
  assert.equal(CLI_DEFAULT, DEFAULT_TIMEOUT_S);
});
