// `npm start`: bundles the desktop app and runs it with the Electron binary of the `electron`
// package. Bundled on every start (well under a second), into
// node_modules/.cache/branchyard/app/{main.cjs, preload.cjs, engine.cjs, renderer/}: nothing generated lives
// in the source tree. That binary is downloaded from the internet when the package installs; where
// that could not happen, this says so and points to the browser mode, which needs no download.
//
//   node --import tsx scripts/start-app.ts [--out DIR] [--build-only]

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildOptions } from 'esbuild';
import { buildRenderer, projectRoot } from '../renderer/build.ts';

const root = projectRoot();

/** main.cjs, engine.cjs and preload.cjs: CommonJS, because a sandboxed preload cannot load ES modules. */
async function bundleShell(outDir: string): Promise<void> {
  const esbuild = await import('esbuild');
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'error',
    external: ['electron'],
  };
  await Promise.all([
    // The main process loads packages (dockerode, ws...) from the project's node_modules.
    esbuild.build({ ...common, entryPoints: [join(root, 'electron/main/main.ts')], outfile: join(outDir, 'main.cjs'), packages: 'external' }),
    // The engine's utility process (electron/main/engineProcess.ts forks it), likewise.
    esbuild.build({ ...common, entryPoints: [join(root, 'electron/utility/engineProcess.ts')], outfile: join(outDir, 'engine.cjs'), packages: 'external' }),
    // A sandboxed preload can require only `electron`: everything else is inside the bundle.
    esbuild.build({ ...common, entryPoints: [join(root, 'electron/preload/preload.ts')], outfile: join(outDir, 'preload.cjs') }),
    buildRenderer(join(outDir, 'renderer')),
  ]);
}

/**
 * The binary, found as the `electron` package's own index.js finds it (path.txt, dist/,
 * ELECTRON_OVERRIDE_DIST_PATH), without requiring that file: it starts a download when the
 * binary is missing.
 */
function electronBinary(): { path: string; found: boolean } {
  const pkg = join(root, 'node_modules/electron');
  let relative = '';
  try {
    relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the package's install step (the download) never completed.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, relative || 'electron') : join(pkg, 'dist', relative || 'electron');
  return { path, found: existsSync(path) };
}

function missingBinary(path: string): string {
  return [
    `error: the Electron binary is not installed (no ${path}).`,
    'The `electron` package downloads it from the internet when it installs, which did not happen on this machine.',
    '',
    'Use the browser mode instead: the same UI and engine, no download needed:',
    '',
    '  npm run cli -- serve',
    '',
    'then open the address it prints. Where the internet is reachable, `node node_modules/electron/install.js`',
    'fetches the binary and `npm start` works.',
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'build-only': { type: 'boolean' } } });
  const outDir = resolve(values.out ?? join(root, 'node_modules/.cache/branchyard/app'));
  await bundleShell(outDir);
  if (values['build-only']) {
    process.stdout.write(`bundled into ${outDir}\n`);
    return 0;
  }
  const electron = electronBinary();
  if (!electron.found) {
    process.stderr.write(`${missingBinary(electron.path)}\n`);
    return 1;
  }
  const child = spawn(electron.path, [join(outDir, 'main.cjs')], { stdio: 'inherit' });
  // Ctrl-C reaches the app through the terminal; it quits, and its exit status becomes ours.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolvePromise) => {
    child.on('error', (e) => {
      process.stderr.write(`error: cannot run ${electron.path}: ${e.message}\n`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

process.exitCode = await main().catch((e: unknown) => {
  process.stderr.write(`error: ${(e as Error)?.message ?? String(e)}\n`);
  return 1;
});
