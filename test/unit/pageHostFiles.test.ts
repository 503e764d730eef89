// A stack file a page sent may not make a build read files of the engine's machine: x-s2i.inject
// and x-s2i.copy are refused there (the command line may use them).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { EngineContext } from '../../electron/engine/api/context.ts';
import { stackRequests } from '../../electron/engine/stacks/stackRequests.ts';

const data = mkdtempSync(path.join(os.tmpdir(), 'branchyard-pagefiles-'));
const before = process.env.BRANCHYARD_DATA_DIR;
process.env.BRANCHYARD_DATA_DIR = data;
after(() => {
  process.env.BRANCHYARD_DATA_DIR = before;
  rmSync(data, { recursive: true, force: true });
});

const content = (s2i: string) => `name: sent\nservices:\n  app:\n    image: qa/app:1\n    x-s2i: { builder: b, git: /srv/app, ${s2i} }\n`;
const ctx = { settings: {}, engine: async () => assert.fail('no engine is reached') } as unknown as EngineContext;

test('inject and copy in a sent file are refused with their fields; the command line may use them', async () => {
  const page = stackRequests(ctx, 'own');
  await assert.rejects(page.validate({ content: content("inject: [ '/etc/shadow:/tmp/x' ], copy: true"), name: 'sent' } as never, {} as never), (e: Error) => {
    assert.match(e.message, /services\.app\.x-s2i\.inject: inject names files of the engine's machine/);
    assert.match(e.message, /services\.app\.x-s2i\.copy: copy builds a folder of the engine's machine/);
    return true;
  });
  const cli = stackRequests(ctx, 'any');
  const ok = await cli.validate({ content: content('copy: true'), name: 'sent' } as never, {} as never);
  assert.deepEqual(ok.services, ['app']);
});
