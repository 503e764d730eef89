// A page left open while `branchyard serve` restarts: the real command in its own process, a
// real Chromium page. A plain restart keeps the token and the port, so the page reconnects by
// itself and stays live. A restart with --new-token makes the open page say what happened and
// what to do (and a reload gets a page saying so, not a bare line); opening the new address in
// another tab of the same browser gives the old page the new cookie, and it recovers by itself.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { AppPage } from './appPage.ts';
import { launchChromium } from './browser.ts';
import { screenshot } from './screenshots.ts';
import { ANY, LOCALE, matching, ui } from './uiLanguage.ts';
import { type Served, interrupt, killAll, openedUrl, startServe } from './serveProcess.ts';

const STACK = `byshellrestart${process.pid.toString(36)}${Date.now().toString(36)}`;
const RECONNECT_MS = 20_000;
const docker = new Docker();

describe('serve restarted with a page open', () => {
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let app: AppPage;
  const started: Served[] = [];
  const containers: Docker.Container[] = [];
  const serve = (args: string[] = []) => {
    const s = startServe(args, { BRANCHYARD_DATA_DIR: dataDir, BRANCHYARD_CAPTURE_DIR: join(dataDir, 'captures') });
    started.push(s);
    return s;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'branchyard-serve-restart-'));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...LOCALE });
    page = await context.newPage();
    app = new AppPage(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await killAll(started);
    for (const c of containers) await c.remove({ force: true }).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a plain restart keeps the address: the page reconnects by itself and stays live', async () => {
    const first = serve();
    const url = await openedUrl(first);
    const file = join(dataDir, 'serve.json');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the token file is private');
    await page.goto(url);
    await app.page.getByTestId('nav-stacks').waitFor();
    await app.page.getByTestId('stacks-loading').waitFor({ state: 'detached', timeout: RECONNECT_MS });
    await screenshot(page, 'serve-restart-1-open');

    assert.equal(await interrupt(first), 0);
    // First "closed", then, once a reconnect finds nothing there, that the server does not answer.
    const gone = ui('api')('retrying', { reason: ui('api')('serverNotAnswering', { host: '127.0.0.1:PORT' }), seconds: ANY });
    const said = matching(ui('layout')('disconnectedBecause', { reason: gone })).source.replace('PORT', '\\d+');
    await app.disconnectedBanner().filter({ hasText: new RegExp(said) }).waitFor({ timeout: RECONNECT_MS });
    await screenshot(page, 'serve-restart-2-server-gone');

    const second = serve();
    assert.equal(await openedUrl(second), url, 'the same port and token');
    await app.disconnectedBanner().waitFor({ state: 'detached', timeout: RECONNECT_MS });
    // Live again without a reload: a stack made now shows up.
    const c = await docker.createContainer({
      name: `${STACK}-web`,
      Image: 'branchyard-test/debian:bookworm',
      Cmd: ['bash', '-c', 'trap "exit 143" TERM; sleep infinity & wait'],
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(c);
    await c.start();
    await app.stack(STACK).locator('[data-testid="stack-status"][data-status="running"]').waitFor({ timeout: RECONNECT_MS });
    await app.openStack(STACK);
    await screenshot(page, 'serve-restart-3-reconnected');
    assert.equal(await interrupt(second), 0);
  });

  test('--new-token: the open page says the server has a new token; a reload says so too; the new address heals it', async () => {
    const third = serve(['--new-token']);
    const url = await openedUrl(third);
    assert.match(third.stderr(), /a new token \(--new-token\): pages opened with the old address must open the new one/);
    const banner = page.getByTestId('banner-new-token');
    await banner.waitFor({ timeout: RECONNECT_MS });
    assert.equal(await banner.innerText(), `${ui('layout')('newToken', { command: 'branchyard serve' })} ${ui('layout')('newTokenReconnects')}`);
    await screenshot(page, 'serve-restart-4-new-token-banner');

    const other = await context.newPage();
    await other.goto(new URL('/', url).href);
    await other.getByTestId('refused').waitFor();
    // The server's own 401 page, served before any app code loads: English in every run.
    assert.equal(await other.locator('h1').innerText(), 'This Branchyard server has a new token');
    await screenshot(other, 'serve-restart-5-new-token-page');

    // The new address in another tab replaces the cookie; the first page retries and gets in.
    await other.goto(url);
    await other.getByTestId('nav-stacks').waitFor();
    await banner.waitFor({ state: 'detached', timeout: RECONNECT_MS });
    await app.stack(STACK).waitFor({ timeout: RECONNECT_MS });
    await screenshot(page, 'serve-restart-6-healed');
    assert.equal(await interrupt(third), 0);
  });
});
