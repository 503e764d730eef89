// The real desktop app, launched with Playwright's Electron support: the bundled app (self-
// contained, as an installer carries it) opens one main window titled Branchyard whose page
// reaches the engine through its preload's port; the menu's View items drive the page; a second
// launch leaves the first instance alone with its one window; the window's place is saved and
// restored. It needs the Electron binary (downloaded from the internet, so absent on machines
// without it) and, on Linux, a display (e.g. xvfb-run): without them it is skipped, saying why.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type ElectronApplication, _electron } from 'playwright-core';
import { bundleApp, electronBinary } from '../../scripts/bundleApp.ts';
import { screenshot } from './screenshots.ts';
import { LOCALE } from './uiLanguage.ts';

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skip = !binary.found
  ? `no Electron binary at ${binary.path} (the electron package downloads it from the internet; \`node node_modules/electron/install.js\` fetches it)`
  : noDisplay
    ? 'no display to open a window on (DISPLAY is not set): run under xvfb-run'
    : false;
if (skip) process.stderr.write(`electron-app.test.ts skipped: ${skip}\n`);

const WAIT_MS = 30_000;

describe('the desktop app', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-electron-'));
  const appDir = join(dir, 'app');
  const env = { ...process.env, BRANCHYARD_DATA_DIR: join(dir, 'data'), BRANCHYARD_CAPTURE_DIR: join(dir, 'captures') };
  // Chromium refuses to run as root with its sandbox (CI containers run as root); elsewhere the
  // app runs exactly as users get it. --lang is the system language the page sees (the run's language).
  const args = [join(appDir, 'main.cjs'), `--lang=${LOCALE.locale}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  let app: ElectronApplication | undefined;
  after(async () => {
    await app?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  test('one main window, its page connected to the engine through the preload, the menu driving it', { timeout: 120_000 }, async () => {
    await bundleApp(appDir, { selfContained: true });
    app = await _electron.launch({ executablePath: binary.path, args, env, timeout: WAIT_MS });
    const win = await app.firstWindow({ timeout: WAIT_MS });
    await win.getByTestId('app').waitFor({ timeout: WAIT_MS });
    assert.match(await win.title(), /^(● )?Branchyard$/);
    // Connected: the port arrived (no "connecting…"), and the stacks (or the engine's absence) are known.
    await win.getByTestId('banner-connecting').waitFor({ state: 'detached', timeout: WAIT_MS });
    await win.locator('[data-testid="stack-list"], [data-testid="no-stacks"], [data-testid="banner-engine-down"]').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await win.getByTestId('notifications').count(), 0, 'no permission button: the shell shows notifications');
    await screenshot(win, 'electron-1-main-window');

    const main = await app.evaluate(({ app: a, BrowserWindow, Menu }) => ({
      windows: BrowserWindow.getAllWindows().length,
      lock: a.hasSingleInstanceLock(),
      menus: Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [],
    }));
    assert.equal(main.windows, 1);
    assert.equal(main.lock, true);
    assert.ok(main.menus.includes('View') && main.menus.includes('Edit'), main.menus.join(', '));
    // The page has no Node: no require, no process.
    assert.deepEqual(await win.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]), ['undefined', 'undefined']);

    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view-captures')?.click());
    await win.locator('[data-testid="nav-captures"].active').waitFor({ timeout: WAIT_MS });
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view-stacks')?.click());
    await win.locator('[data-testid="nav-stacks"].active').waitFor({ timeout: WAIT_MS });
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-environment')?.click());
    await win.getByRole('dialog').waitFor({ timeout: WAIT_MS });
    await screenshot(win, 'electron-2-new-environment-from-the-menu');
  });

  test('a second launch quits at once and leaves the first instance with its one window', { timeout: 60_000 }, async () => {
    assert.ok(app);
    const second = spawn(binary.path, args, { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((r) => second.on('exit', (c) => r(c)));
    assert.equal(code, 0);
    assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);
  });

  test('the window opens where it was closed', { timeout: 120_000 }, async () => {
    assert.ok(app);
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].setBounds({ x: 40, y: 30, width: 900, height: 640 }));
    await app.close();
    app = undefined;
    const file = join(dir, 'data', 'window-state.json');
    assert.ok(existsSync(file), 'the place was saved on close');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).bounds.width, 900);
    app = await _electron.launch({ executablePath: binary.path, args, env, timeout: WAIT_MS });
    await app.firstWindow({ timeout: WAIT_MS });
    const size = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getNormalBounds());
    assert.deepEqual([size.width, size.height], [900, 640]);
  });
});
