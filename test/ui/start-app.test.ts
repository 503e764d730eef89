// `npm start` on a machine without the Electron binary (as here: it is downloaded at install
// time): the app is still bundled, and the command fails with a message that points to
// `branchyard serve`. ELECTRON_OVERRIDE_DIST_PATH at an empty folder makes the binary missing
// on every machine, so the test never starts a real window.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/start-app.ts');
const dir = mkdtempSync(join(tmpdir(), 'branchyard-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('npm start bundles the app, then says to use `branchyard serve` when Electron is missing', () => {
  const out = join(dir, 'app');
  const noBinary = join(dir, 'no-electron');
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--out', out], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noBinary },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /the Electron binary is not installed/);
  assert.match(r.stderr, /npm run cli -- serve/);
  for (const f of ['main.cjs', 'preload.cjs', 'renderer/index.html', 'renderer/app.js', 'renderer/app.css']) {
    assert.ok(existsSync(join(out, f)), `${f} was bundled`);
  }
  // A sandboxed preload can load nothing but `electron`: everything else must be inside it.
  const requires = [...readFileSync(join(out, 'preload.cjs'), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
});
