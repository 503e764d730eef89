// `npm start`: bundles the desktop app (bundleApp.ts) and runs it with the Electron binary of the
// `electron` package. Bundled on every start (well under a second), into
// node_modules/.cache/branchyard/app/{main.cjs, preload.cjs, renderer/, docs/}: nothing generated
// lives in the source tree. That binary is downloaded from the internet (at install or first
// run); where that could not happen, this says so and points to the browser mode, which needs
// no download.
//
//   node --import tsx scripts/start-app.ts [--out DIR] [--build-only]

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../renderer/build.ts';
import { bundleApp, electronBinary } from './bundleApp.ts';

const root = projectRoot();

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
  await bundleApp(outDir);
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
