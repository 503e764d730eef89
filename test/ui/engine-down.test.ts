// `branchyard serve` with no Docker engine, then with one, then without again: DOCKER_HOST points
// at a unix socket of this test (engineProxy.ts), absent at first, later forwarding to the real
// engine, then closed and opened again. The shared engine is never stopped. serve says at start
// that the engine does not answer and keeps serving; the page says "the Docker engine at … is not
// answering" (not "disconnected"), keeps the stacks it knew greyed out, and recovers by itself.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { AppPage } from './appPage.ts';
import { launchChromium } from './browser.ts';
import { type EngineProxy, startEngineProxy } from './engineProxy.ts';
import { screenshot } from './screenshots.ts';
import { LOCALE, ui } from './uiLanguage.ts';
import { type Served, interrupt, killAll, openedUrl, startServe, stderrMatches } from './serveProcess.ts';

const STACK = `byshelldown${process.pid.toString(36)}${Date.now().toString(36)}`;
// The status stream retries at most 5 s apart, then a snapshot follows.
const RECOVER_MS = 20_000;
const docker = new Docker();
const L = ui('layout');

describe('serve while the Docker engine is away', () => {
  let dir: string;
  let socket: string;
  let browser: Browser;
  let page: Page;
  let app: AppPage;
  let proxy: EngineProxy | undefined;
  let container: Docker.Container | undefined;
  const started: Served[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'branchyard-engine-down-'));
    socket = join(dir, 'docker.sock');
    container = await docker.createContainer({
      name: `${STACK}-web`,
      Image: 'branchyard-test/debian:bookworm',
      Cmd: ['bash', '-c', 'trap "exit 143" TERM; sleep infinity & wait'],
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, ...LOCALE });
    app = new AppPage(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await killAll(started);
    await proxy?.close().catch(() => {});
    await container?.remove({ force: true }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  test('no engine at start, then one, then none again, then back: the page says so and recovers by itself', async () => {
    const endpoint = `unix://${socket}`;
    const serve = startServe([], { BRANCHYARD_DATA_DIR: join(dir, 'data'), BRANCHYARD_CAPTURE_DIR: join(dir, 'captures'), DOCKER_HOST: endpoint });
    started.push(serve);
    const url = await openedUrl(serve);
    await stderrMatches(serve, new RegExp(`warning: cannot reach the Docker engine at ${endpoint} \\(ENOENT\\): is dockerd running\\?; serving anyway`));

    await page.goto(url);
    const banner = page.getByTestId('banner-engine-down');
    await banner.waitFor({ timeout: RECOVER_MS });
    assert.ok((await banner.innerText()).startsWith(L('engineDown', { endpoint })), await banner.innerText());
    assert.ok(!(await banner.innerText()).includes(L('disconnected')));
    assert.equal(await app.disconnectedBanner().count(), 0, 'the page’s own connection is fine');
    assert.equal(await page.getByTestId('stacks-loading').innerText(), ui('stacks')('loadingEngineDown'));
    await screenshot(page, 'engine-down-1-no-engine-at-start');

    proxy = await startEngineProxy(socket);
    await banner.waitFor({ state: 'detached', timeout: RECOVER_MS });
    await app.stack(STACK).waitFor({ timeout: RECOVER_MS });
    await stderrMatches(serve, new RegExp(`the Docker engine at ${endpoint} answers now`));
    await app.openStack(STACK);
    assert.equal(await page.getByTestId('stack-list').getAttribute('data-stale'), 'false');
    await screenshot(page, 'engine-down-2-engine-answers');

    await proxy.close();
    proxy = undefined;
    await banner.waitFor({ timeout: RECOVER_MS });
    assert.ok((await banner.innerText()).startsWith(L('engineDown', { endpoint }) + L('engineDownLastSeen')), await banner.innerText());
    // What the page knew stays, greyed out.
    await app.stack(STACK).waitFor();
    assert.equal(await page.getByTestId('stack-list').getAttribute('data-stale'), 'true');
    assert.equal(await page.getByTestId('stack-view').getAttribute('data-stale'), 'true');
    await screenshot(page, 'engine-down-3-engine-gone-stacks-greyed');

    proxy = await startEngineProxy(socket);
    await banner.waitFor({ state: 'detached', timeout: RECOVER_MS });
    await page.locator('[data-testid="stack-list"][data-stale="false"]').waitFor({ timeout: RECOVER_MS });
    await app.stack(STACK).waitFor();
    await screenshot(page, 'engine-down-4-engine-back');
    assert.equal(await interrupt(serve), 0);
  });
});
