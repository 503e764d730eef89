// Bundles the desktop app into one folder Electron runs as is: main.cjs (the main process),
// engine.cjs (the engine, in a utility process), preload.cjs, renderer/ (the UI), docs/ (what the Help menu opens). Used by
// `npm start` (start-app.ts) and `npm run dist` (dist.ts), and by the tests that check the bundle
// or launch the real app. Nothing generated lives in the source tree.

import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { buildRenderer, projectRoot } from '../renderer/build.ts';

const root = projectRoot();

export interface BundleOptions {
  /**
   * Everything main.cjs needs inside it, for a packaged app that has no node_modules: only
   * `electron`, Node's own modules and optional native add-ons (loaded in try/catch by the
   * packages that have them) stay outside. Without it, packages load from the project's
   * node_modules (npm start: faster to bundle).
   */
  selfContained?: boolean;
}

/** Optional native add-ons of ssh2 (dockerode's ssh://) and ws: their packages fall back without them. */
const OPTIONAL_NATIVE = ['cpu-features', 'bufferutil', 'utf-8-validate', '*.node'];

export async function bundleApp(outDir: string, o: BundleOptions = {}): Promise<void> {
  const esbuild = await import('esbuild');
  // CommonJS, because a sandboxed preload cannot load ES modules.
  const common: BuildOptions = { absWorkingDir: root, bundle: true, platform: 'node', format: 'cjs', target: 'node22', logLevel: 'error', external: ['electron'] };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [join(root, 'electron/main/main.ts')],
      outfile: join(outDir, 'main.cjs'),
      ...(o.selfContained ? { external: ['electron', ...OPTIONAL_NATIVE] } : { packages: 'external' }),
    }),
    // The engine's utility process (electron/main/engineProcess.ts forks it), packaged like main.
    esbuild.build({
      ...common,
      entryPoints: [join(root, 'electron/utility/engineProcess.ts')],
      outfile: join(outDir, 'engine.cjs'),
      ...(o.selfContained ? { external: ['electron', ...OPTIONAL_NATIVE] } : { packages: 'external' }),
    }),
    // A sandboxed preload can require only `electron`: everything else is inside the bundle.
    esbuild.build({ ...common, entryPoints: [join(root, 'electron/preload/preload.ts')], outfile: join(outDir, 'preload.cjs') }),
    buildRenderer(join(outDir, 'renderer')),
  ]);
  cpSync(join(root, 'README.md'), join(outDir, 'docs', 'README.md'));
  for (const f of readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))) cpSync(join(root, 'docs', f), join(outDir, 'docs', 'docs', f));
  if (o.selfContained) {
    // The renderer's build manifest lists this machine's source paths: not for an installer.
    rmSync(join(outDir, 'renderer.inputs.json'), { force: true });
    // dockerode reads these .proto files beside its own code when it opens a BuildKit session.
    cpSync(join(root, 'node_modules/dockerode/lib/proto'), join(outDir, 'proto'), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; description: string; license: string };
    const appPkg = { name: 'branchyard', productName: 'Branchyard', version: pkg.version, description: pkg.description, license: pkg.license, author: 'Branchyard', main: 'main.cjs' };
    writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
  }
}

/** The Electron version the project is locked to (node_modules/electron). */
export function electronVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The binary, found as the `electron` package's own index.js finds it (path.txt, dist/,
 * ELECTRON_OVERRIDE_DIST_PATH), without requiring that file: it starts a download when the
 * binary is missing.
 */
export function electronBinary(): { path: string; found: boolean } {
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
