// The command line as CI jobs install it: `npm pack` of this repository, `npm install -g` of the
// tarball into a temp prefix, then `branchyard` run from a folder that is another project. It must
// be our command (not the unrelated `branchyard` package of the npm registry), bundle itself into
// the installed package, fall back to running its sources when it cannot write there, and serve
// the UI. Uses the npm cache of `npm ci` (--prefer-offline); the registry is asked only for what
// the cache lacks. The temp prefix is removed afterwards.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { docker, removeAll, runPrefix } from './harness.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const prefix = runPrefix('inst');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Runs a command as `nobody` (we are root) or as we are; undefined when neither can be arranged. */
async function asOtherUser(): Promise<((args: string[]) => string[]) | undefined> {
  if (process.getuid?.() !== 0) return (args) => args;
  try {
    await run('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);
    return (args) => ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...args];
  } catch {
    return undefined;
  }
}

describe('an installed branchyard', () => {
  let tmp = '';
  let bin = '';
  let pkgDir = '';
  let elsewhere = '';

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'branchyard-install-'));
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: repo });
    const tarball = join(tmp, stdout.trim().split('\n').pop()!);
    assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
    await run('npm', ['install', '--prefix', join(tmp, 'prefix'), '-g', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: tmp });
    bin = join(tmp, 'prefix/bin/branchyard');
    pkgDir = join(tmp, 'prefix/lib/node_modules/@branchyard/branchyard');
    // Another project: its own package.json, no node_modules of ours anywhere above it.
    elsewhere = join(tmp, 'other-project');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'package.json'), JSON.stringify({ name: 'other-project', version: '1.0.0' }));
  });

  after(async () => {
    await removeAll(prefix);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('ships the command line and the UI sources, not the tests or benches', () => {
    const top = readdirSync(pkgDir).sort();
    for (const wanted of ['bin', 'electron', 'package.json', 'renderer', 'shared', 'tsconfig.json']) assert.ok(top.includes(wanted), `${wanted} is installed`);
    for (const unwanted of ['test', 'bench', 'scripts', '.ci']) assert.ok(!top.includes(unwanted), `${unwanted} is not installed`);
    assert.ok(existsSync(join(pkgDir, 'renderer/src/main.tsx')));
    assert.ok(!existsSync(join(pkgDir, 'node_modules/electron')), 'electron is a development dependency only');
  });

  test('runs from another project: --help and ls --json are ours, bundled inside the package', async () => {
    const help = await runIn(elsewhere, bin, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^branchyard: per-branch test stacks on Docker, with fixed IPs/);
    assert.match(help.stdout, /up FILE \[--branch B\]/);

    // A stack only our tool knows of: a network with our labels. `branchyard` from PATH lists it.
    const stack = `${prefix}-listed`;
    await docker.createNetwork({ Name: `${stack}_default`, Labels: { [LABEL.stack]: stack, [LABEL.template]: prefix } });
    const env = { ...process.env, PATH: `${join(tmp, 'prefix/bin')}:${process.env.PATH}` };
    const ls = await runIn(elsewhere, 'branchyard', ['ls', '--json'], env);
    assert.equal(ls.code, 0, ls.stderr);
    const stacks = JSON.parse(ls.stdout) as { name: string; template: string; status: string; network?: string }[];
    const mine = stacks.find((s) => s.name === stack);
    assert.deepEqual(mine && { template: mine.template, status: mine.status, network: mine.network }, {
      template: prefix,
      status: 'empty',
      network: `${stack}_default`,
    });
    assert.ok(existsSync(join(pkgDir, 'node_modules/.cache/branchyard/cli.cjs')), 'the bundle is written inside the installed package');
    assert.ok(existsSync(join(pkgDir, 'node_modules/.cache/branchyard/cli.cjs.v8cache')), "and V8's code cache of it, beside it");
  });

  test('falls back to its sources when it cannot write inside the package', async (t) => {
    const wrap = await asOtherUser();
    if (!wrap) return t.skip('running as root without setpriv: no user that cannot write the package');
    rmSync(join(pkgDir, 'node_modules/.cache'), { recursive: true, force: true });
    const file = join(tmp, 'stack.yml');
    writeFileSync(file, 'name: fallback\nservices:\n  web: { image: nginx, x-ip: 20 }\n');
    // Readable (not writable) by the other user; as non-root the package itself is made read-only.
    for (const dir of [tmp, join(tmp, 'prefix')]) chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    const readOnly = process.getuid?.() !== 0;
    if (readOnly) await run('chmod', ['-R', 'a-w', pkgDir]);
    try {
      const [command, ...args] = wrap([bin, 'validate', file]);
      const r = await runIn(elsewhere, command, args, { ...process.env, HOME: tmp });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /stack\.yml: valid, template fallback, 1 services/);
      const [command2, ...args2] = wrap([bin, '--help']);
      const help = await runIn(elsewhere, command2, args2, { ...process.env, HOME: tmp });
      assert.match(help.stdout, /^branchyard: per-branch test stacks on Docker/);
      assert.ok(!existsSync(join(pkgDir, 'node_modules/.cache/branchyard/cli.cjs')), 'nothing was written inside the package');
    } finally {
      if (readOnly) await run('chmod', ['-R', 'u+w', pkgDir]);
    }
  });

  test('serves the UI, built from the installed sources', async () => {
    const child = spawn(bin, ['serve'], { cwd: elsewhere, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolvePromise, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /^open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(out);
          if (m) resolvePromise(m[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      // The token is exchanged for a cookie (a redirect), which the page and its files need.
      const exchange = await fetch(url, { redirect: 'manual' });
      const cookie = exchange.headers.get('set-cookie')?.split(';')[0] ?? '';
      const page = await fetch(new URL('/', url), { headers: { cookie } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<script src="app\.js" defer><\/script>/);
      const script = await fetch(new URL('/app.js', url), { headers: { cookie } });
      assert.equal(script.status, 200);
      assert.ok((await script.text()).length > 10_000, 'the bundled UI is served');
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
