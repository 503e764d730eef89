// Bundles the React UI with esbuild into a folder any front end serves as is: index.html, app.js,
// app.css. Built on demand (by `branchyard serve`, `npm start` and the UI tests) and again only
// when an input file changed, so there is no build step to forget and nothing generated is
// committed. index.html has no inline script or style, so a strict Content-Security-Policy works.

import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../electron/engine/paths.ts';

/** Bumped when this file changes what it writes, so older caches are rebuilt. */
const FORMAT = 3;

/** The name in package.json (scoped: the unscoped `branchyard` on the registry is someone else's). */
export const PACKAGE_NAME = '@branchyard/branchyard';

/**
 * The project root: the nearest folder with Branchyard's package.json. Found by walking up, because
 * this file also runs from inside the command line's bundle in node_modules/.cache.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Branchyard project root (package.json named "${PACKAGE_NAME}")`);
    dir = parent;
  }
}

/**
 * Where `branchyard serve` keeps the built UI: inside the project (or the installed package), never
 * committed; in the user's cache folder (BRANCHYARD_CACHE_DIR, else ~/.cache/branchyard) when the
 * package cannot be written, as in a global install owned by another user.
 */
export function defaultRendererDir(): string {
  const inPackage = join(projectRoot(), 'node_modules/.cache/branchyard');
  try {
    mkdirSync(inPackage, { recursive: true });
    accessSync(inPackage, constants.W_OK);
    return join(inPackage, 'renderer');
  } catch {
    return join(cacheDir(), 'renderer');
  }
}

// The CSP repeats what the server sends, for the Electron window that loads the file directly.
// xterm.js writes <style> elements for its theme, hence 'unsafe-inline' for styles only.
const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Branchyard</title>
<link rel="stylesheet" href="app.css">
<script src="app.js" defer></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;

interface Manifest {
  format: number;
  inputs: Record<string, number>;
}

/** Beside the folder, not in it: the server publishes the folder, and the file lists local paths. */
function manifestPath(outDir: string): string {
  return join(dirname(outDir), `${basename(outDir)}.inputs.json`);
}

function fresh(outDir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(manifestPath(outDir), 'utf8')) as Manifest;
    if (m.format !== FORMAT) return false;
    for (const f of ['index.html', 'app.js', 'app.css']) statSync(join(outDir, f));
    return Object.entries(m.inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime);
  } catch {
    return false;
  }
}

/** Written under a temporary name and renamed: a server reading the folder never sees half a file. */
function writeAtomically(path: string, contents: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

export interface BuildOptions {
  /** Build even when the folder is up to date. */
  force?: boolean;
}

/** Builds the UI into `outDir` unless it is already built from the current sources. */
export async function buildRenderer(outDir: string, options: BuildOptions = {}): Promise<void> {
  const dir = resolve(outDir);
  if (!options.force && fresh(dir)) return;
  const root = projectRoot();
  // Loaded here, not at the top: the command line imports this file, and only `serve` needs esbuild.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { app: join(root, 'renderer/src/main.tsx') },
    outdir: dir,
    write: false,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'silent',
  });
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  for (const file of result.outputFiles) {
    writeAtomically(file.path, file.contents);
    names.add(file.path.slice(dir.length + 1));
  }
  for (const expected of ['app.js', 'app.css']) {
    if (!names.has(expected)) throw new Error(`the renderer build wrote no ${expected}`);
  }
  writeAtomically(join(dir, 'index.html'), INDEX_HTML);
  const inputs: Record<string, number> = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const abs = resolve(root, file);
    inputs[abs] = statSync(abs).mtimeMs;
  }
  // Last: the folder counts as built only once every file is in place.
  writeAtomically(manifestPath(dir), JSON.stringify({ format: FORMAT, inputs } satisfies Manifest));
}
