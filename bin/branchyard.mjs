#!/usr/bin/env node
// The `branchyard` command. The command line is TypeScript; this launcher bundles it with esbuild
// into a cache file on first use and again whenever a source file changed, then runs the bundle.
// So there is no build step between a change and the command line, `npx branchyard` works right
// after `npm ci`, and start-up does not pay for an on-the-fly TypeScript loader (which costs about
// a second per run with dockerode's many modules).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'electron/cli/main.ts');

/** Inside the project, so the bundle's package imports resolve from its node_modules. */
function cacheDir() {
  const dir = join(root, 'node_modules/.cache/branchyard');
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined; // a read-only install
  }
}

/** True when the bundle exists and no input changed since it was made. */
function fresh(bundle, manifest) {
  try {
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
    return Object.entries(inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime);
  } catch {
    return false;
  }
}

async function build(bundle, manifest) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: bundle,
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'error',
    absWorkingDir: root,
  });
  // Written under a temporary name and renamed: commands started at the same moment (CI jobs,
  // tests) never import a half-written bundle.
  const tmp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, bundle);
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const abs = resolve(root, file);
    inputs[abs] = statSync(abs).mtimeMs;
  }
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ inputs }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

async function loadMain() {
  const dir = cacheDir();
  if (dir) {
    const bundle = join(dir, 'cli.mjs');
    const manifest = join(dir, 'cli.inputs.json');
    try {
      if (!fresh(bundle, manifest)) await build(bundle, manifest);
      return (await import(pathToFileURL(bundle).href)).main;
    } catch {
      // Could not write the bundle: run the sources directly, slower but the same code.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(pathToFileURL(entry).href)).main;
}

// Node ends a process whose top-level await can never settle (nothing left to wait on) with exit
// 13 and no word. That is always a bug of ours; say so rather than leave the user with silence.
let settled = false;
process.on('exit', (code) => {
  if (!settled && code === 13) process.stderr.write('error: branchyard stopped before the command finished, waiting on nothing (a bug: please report it with the command you ran)\n');
});
const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
settled = true;
