// `npm start` on a machine without the Electron binary (as here: it is downloaded at install
// time): the app is still bundled, and the command fails with a message that points to
// `branchyard serve`. ELECTRON_OVERRIDE_DIST_PATH at an empty folder makes the binary missing
// on every machine, so the test never starts a real window.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinModules } from 'node:module';
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
  for (const f of ['main.cjs', 'preload.cjs', 'renderer/index.html', 'renderer/app.js', 'renderer/app.css', 'docs/README.md']) {
    assert.ok(existsSync(join(out, f)), `${f} was bundled`);
  }
  // A sandboxed preload can load nothing but `electron`: everything else must be inside it.
  const requires = [...readFileSync(join(out, 'preload.cjs'), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
});

test('npm run dist stages a self-contained app: main.cjs needs no node_modules; the docs of the Help menu are in it', () => {
  const stage = join(dir, 'dist-app');
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../scripts/dist.ts'), '--stage-only', '--stage', stage], {
    cwd: resolve(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const main = readFileSync(join(stage, 'main.cjs'), 'utf8');
  const required = new Set([...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1].replace(/^node:/, '')));
  // Optional native add-ons (and ssh2's compiled .node), each loaded in a try/catch by its package.
  const optional = new Set(['electron', 'cpu-features', 'bufferutil', 'utf-8-validate', 'supports-color']);
  const outside = [...required].filter((m) => !builtinModules.includes(m) && !optional.has(m) && !m.endsWith('.node'));
  assert.deepEqual(outside, [], 'every package is inside main.cjs');
  assert.equal(JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')).main, 'main.cjs');
  for (const f of ['preload.cjs', 'renderer/index.html', 'docs/README.md', 'docs/docs/stack-file.md', 'proto/auth.proto']) assert.ok(existsSync(join(stage, f)), f);
  assert.ok(!existsSync(join(stage, 'renderer.inputs.json')), 'no list of this machine’s source paths goes into an installer');

  // Without the Electron binary the app cannot run here; what can be checked is that the bundle's
  // whole module graph (the engine, dockerode, ws, ...) loads when bundled. A stand-in `electron`
  // that only records what is called on `app` makes that visible: with the single-instance lock
  // taken elsewhere it quits before starting anything; with the lock it starts (listeners, ready).
  const standIn = join(dir, 'stand-in');
  mkdirSync(join(standIn, 'node_modules/electron'), { recursive: true });
  writeFileSync(
    join(standIn, 'node_modules/electron/index.js'),
    `const calls = [];
const app = new Proxy({}, { get: (_, k) => (...a) => { calls.push(String(k)); return k === 'requestSingleInstanceLock' ? process.env.LOCK === '1' : k === 'whenReady' ? new Promise(() => {}) : undefined; } });
process.on('exit', () => process.stdout.write(calls.join(',')));
module.exports = { app, ipcMain: { on() {}, off() {} } };
`,
  );
  cpSync(join(stage, 'main.cjs'), join(standIn, 'main.cjs'));
  const load = (lock: string) =>
    spawnSync(process.execPath, [join(standIn, 'main.cjs')], { env: { ...process.env, LOCK: lock, BRANCHYARD_DATA_DIR: join(standIn, 'data') }, encoding: 'utf8', timeout: 30_000 });
  const second = load('0');
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, 'enableSandbox,setName,setPath,requestSingleInstanceLock,quit');
  const first = load('1');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^enableSandbox,setName,setPath,requestSingleInstanceLock,on,whenReady,on,on$/);
});

test('npm run dist says which Node it needs', async () => {
  const { nodeTooOld } = await import('../../scripts/dist.ts');
  assert.match(nodeTooOld('20.20.2') ?? '', /^npm run dist needs Node 22\.12 or newer .* this is Node 20\.20\.2\. The command line, the browser mode and the tests run on Node 20\.$/);
  assert.equal(nodeTooOld('22.12.0'), undefined);
  assert.equal(nodeTooOld('24.1.0'), undefined);
  assert.notEqual(nodeTooOld('22.11.9'), undefined);
});
