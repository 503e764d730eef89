#!/usr/bin/env node
// The `branchyard` command. The command line is TypeScript; this launcher bundles it with esbuild
// into a cache file on first use and again whenever an input file changed, then runs the bundle.
// So there is no build step between a change and the command line, an installed copy works right
// after `npm install`, and start-up does not pay for an on-the-fly TypeScript loader.
//
// Start-up is most of what a quick command costs (`ls`, an unchanged `up`, `down`), so the bundle
// holds the packages too (one file instead of hundreds of module lookups), and the parts of
// dockerode that only some calls use are loaded when first used: its ssh transport (ssh2 and its
// crypto, for DOCKER_HOST=ssh:// only) and BuildKit sessions (grpc and protobufjs; never used).
// Loading dockerode as a package costs about 200 ms, bundled this way about 30 ms.
// The bundle is CommonJS, compiled through vm.Script with V8's code cache (Node 20 has no compile
// cache for modules): compiling 1.3 MB of JavaScript costs more than running what a command needs
// of it. The cache is written after a command that found none (or a stale one, which V8 refuses:
// another bundle, another Node), so it holds the functions that command compiled too.
// BRANCHYARD_NO_BUNDLE=1 runs the sources through tsx instead (to tell a bundling problem from a
// problem in the code).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'electron/cli/main.ts');
/** Bumped when the build below changes what it writes, so older bundles are rebuilt. */
const FORMAT = 3;

/** Inside the package, so anything resolved at run time resolves from its node_modules. */
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
    const { format, inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (format !== FORMAT) return false;
    statSync(bundle);
    return Object.entries(inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime);
  } catch {
    return false;
  }
}

// Modules dockerode requires at load time but needs only for some calls: each becomes a function
// that requires the real file (from node_modules, by absolute path) on its first call. Both export
// a single function. A file not found here (another dockerode version) is simply bundled.
const DEFERRED = [
  { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh' },
  { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './session' },
];
// Required lazily already, but reads .proto files beside itself: left in node_modules.
const UNBUNDLED = [{ importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './buildkit' }];

const deferPlugin = {
  name: 'branchyard-defer',
  setup(b) {
    const match = (list, args) => {
      const hit = list.find((d) => d.request === args.path && d.importer.test(args.importer));
      const file = hit && join(args.resolveDir, `${args.path}.js`);
      return file && existsSync(file) ? file : undefined;
    };
    b.onResolve({ filter: /^\.\/(ssh|session|buildkit)$/ }, (args) => {
      const deferred = match(DEFERRED, args);
      if (deferred) return { path: deferred, namespace: 'branchyard-defer' };
      const unbundled = match(UNBUNDLED, args);
      if (unbundled) return { path: unbundled, external: true };
      return undefined;
    });
    b.onResolve({ filter: /.*/, namespace: 'branchyard-defer' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'branchyard-defer' }, (args) => ({
      loader: 'js',
      resolveDir: dirname(args.path),
      contents: `let real;\nmodule.exports = function () { real ??= require(${JSON.stringify(args.path)}); return real.apply(this, arguments); };\n`,
    }));
  },
};

async function build(bundle, manifest) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: bundle,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // esbuild runs its own binary and tsx is a loader: both stay packages. ws's native helpers and
    // ssh2's are optional; electron is never imported by the command line.
    external: ['esbuild', 'tsx', 'electron', 'bufferutil', 'utf-8-validate', '*.node'],
    plugins: [deferPlugin],
    // A script has no import(): packages left out are required (all of them can be).
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__branchyardUrl' },
    // Strict, as the modules it is made of (and the ES module bundle it replaces) are.
    banner: { js: "'use strict';\nconst __branchyardUrl = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
    logLevel: 'error',
    absWorkingDir: root,
  });
  // Written under a temporary name and renamed: commands started at the same moment (CI jobs,
  // tests) never import a half-written bundle.
  const tmp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, bundle);
  // The ES module bundle of earlier versions (FORMAT 2) is not used any more.
  rmSync(join(dirname(bundle), 'cli.mjs'), { force: true });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    if (file.startsWith('branchyard-defer:')) continue;
    const abs = resolve(root, file);
    inputs[abs] = statSync(abs).mtimeMs;
  }
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ format: FORMAT, inputs }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

/** What to do once the command is over: write the code cache if there was none to use. */
let afterRun = () => {};

/** Runs the bundle as Node runs a CommonJS file, but compiled with (and for) the code cache. */
function runBundle(bundle) {
  const codeCache = `${bundle}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    // none yet
  }
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(source, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (!cachedData || script.cachedDataRejected) {
    afterRun = () => {
      try {
        const tmp = `${codeCache}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, codeCache);
      } catch {
        // A cache that cannot be written costs the next command its compile time, nothing more.
      }
    };
  }
  return module.exports.main;
}

async function loadMain() {
  const dir = process.env.BRANCHYARD_NO_BUNDLE ? undefined : cacheDir();
  if (dir) {
    const bundle = join(dir, 'cli.cjs');
    const manifest = join(dir, 'cli.inputs.json');
    try {
      if (!fresh(bundle, manifest)) await build(bundle, manifest);
      return runBundle(bundle);
    } catch {
      // Could not write the bundle: run the sources directly, slower but the same code.
    }
  }
  const { register } = await import('tsx/esm/api');
  // The package's own tsconfig, whatever folder the command runs in.
  register({ tsconfig: join(root, 'tsconfig.json') });
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
afterRun();
