// The engine runs in plain Node (the command line, the browser mode) and in the app's utility
// process, where Electron's modules are not there to load: neither it, nor the utility process's
// entry, nor shared/ (which the renderer uses too) may import `electron`. Only electron/main and
// electron/preload do.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');
const IMPORTS_ELECTRON = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

test('no file of the engine, the engine process or shared/ imports electron', () => {
  const files = ['electron/engine', 'electron/utility', 'shared'].flatMap((d) => sources(join(root, d)));
  assert.ok(files.length > 100, `found only ${files.length} files`);
  const offenders = files.filter((f) => IMPORTS_ELECTRON.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
});

test('the check sees an import of electron where there is one', () => {
  const main = readFileSync(join(root, 'electron/main/main.ts'), 'utf8');
  assert.match(main, IMPORTS_ELECTRON);
  for (const line of ["import { app } from 'electron';", "const { ipcRenderer } = require('electron');", "await import('electron/main')", 'import "electron";']) {
    assert.match(line, IMPORTS_ELECTRON, line);
  }
  assert.doesNotMatch("import { x } from './electronPort.ts';", IMPORTS_ELECTRON);
});
