// `npm run dist`: installers of the desktop app for Linux (AppImage, deb), macOS (dmg, zip) and
// Windows (NSIS), into dist/. The app is staged self-contained (bundleApp.ts: main.cjs carries
// every package, so the installer needs no node_modules), then packaged by electron-builder with
// packaging/electron-builder.yml. The packager has its own package.json and lockfile in
// packaging/, installed there on first use: the project's `npm ci` does not pay for it.
//
//   npm run dist [-- --linux] [--mac] [--win]    (default: this machine's platform)
//   npm run dist -- --stage-only                 (stage the app and stop: no packager, no download)
//
// It downloads Electron for each target and needs Node 22.12 or newer (electron-builder 26's
// parts require it). macOS installers are built on macOS; signing comes from the environment
// (see packaging/electron-builder.yml).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../renderer/build.ts';
import { bundleApp, electronVersion } from './bundleApp.ts';

const root = projectRoot();
const packaging = join(root, 'packaging');

export const NODE_FOR_DIST = [22, 12] as const;

/** Says why this Node cannot package, or nothing. */
export function nodeTooOld(version = process.versions.node): string | undefined {
  const [major, minor] = version.split('.').map(Number);
  if (major > NODE_FOR_DIST[0] || (major === NODE_FOR_DIST[0] && minor >= NODE_FOR_DIST[1])) return undefined;
  return (
    `npm run dist needs Node ${NODE_FOR_DIST.join('.')} or newer (electron-builder 26 and its parts require it); this is Node ${version}. ` +
    'The command line, the browser mode and the tests run on Node 20.'
  );
}

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', (e) => {
      process.stderr.write(`error: cannot run ${command}: ${e.message}\n`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** packaging/node_modules from its lockfile, unless it is there already. */
async function installPackager(): Promise<string | undefined> {
  const cli = join(packaging, 'node_modules/electron-builder/cli.js');
  if (existsSync(cli)) return cli;
  // Through npm's own script, as `npm run` found it: no shell, and no npm.cmd on Windows.
  const npm = process.env.npm_execpath;
  if (!npm) {
    process.stderr.write(`error: electron-builder is not installed in ${packaging}: run \`npm ci\` there, or start this with \`npm run dist\`\n`);
    return undefined;
  }
  process.stderr.write(`installing the packager into ${join(packaging, 'node_modules')} (once)\n`);
  if ((await run(process.execPath, [npm, 'ci', '--no-audit', '--no-fund'], packaging)) !== 0) return undefined;
  return cli;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { linux: { type: 'boolean' }, mac: { type: 'boolean' }, win: { type: 'boolean' }, 'stage-only': { type: 'boolean' }, stage: { type: 'string' } },
  });
  const stage = resolve(values.stage ?? join(root, 'node_modules/.cache/branchyard/dist-app'));
  if (!values['stage-only']) {
    const old = nodeTooOld();
    if (old) {
      process.stderr.write(`error: ${old}\n`);
      return 1;
    }
  }
  // A clean stage: a file left from an older build must not end up in an installer.
  rmSync(stage, { recursive: true, force: true });
  await bundleApp(stage, { selfContained: true });
  if (values['stage-only']) {
    process.stdout.write(`staged the app in ${stage}\n`);
    return 0;
  }
  const cli = await installPackager();
  if (!cli) return 1;
  const targets = (['linux', 'mac', 'win'] as const).filter((t) => values[t]).map((t) => `--${t}`);
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const code = await run(
    process.execPath,
    [
      cli,
      ...targets,
      '--config',
      join(packaging, 'electron-builder.yml'),
      '--projectDir',
      stage,
      '--publish',
      'never',
      `-c.electronVersion=${electronVersion()}`,
      `-c.directories.output=${join(root, 'dist')}`,
      `-c.extraMetadata.version=${version}`,
    ],
    root,
  );
  if (code === 0) process.stdout.write(`installers in ${join(root, 'dist')}\n`);
  return code;
}

// Run, unless imported (the tests read nodeTooOld).
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main().catch((e: unknown) => {
    process.stderr.write(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  });
}
