// The UI in a real Chromium against the real engine, served by the real browser-mode server in
// this process: a labelled container made here shows up as a stack, its state follows the engine
// live, its logs reach the log view, a terminal runs what is typed into it, and teardown leaves a
// capture whose logs open in the same view.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { type RunningServer, startServer } from '../../electron/engine/server/startServer.ts';
import { buildRenderer } from '../../renderer/build.ts';
import { AppPage, WAIT_MS } from './appPage.ts';
import { launchChromium } from './browser.ts';
import { screenshot } from './screenshots.ts';
import { ANY, LOCALE, literally, ui } from './uiLanguage.ts';

const IMAGE = 'branchyard-test/debian:bookworm';
const STACK = `byui${process.pid.toString(36)}${Date.now().toString(36)}`;

const docker = new Docker();

/** Polls `check` until it returns true or `ms` pass. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the UI in a browser', () => {
  let outDir: string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let container: Docker.Container | undefined;
  let page: Page;
  let app: AppPage;

  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'branchyard-ui-'));
    // Settings and captures of this run stay in its temp folder (read by the in-process engine).
    process.env.BRANCHYARD_DATA_DIR = join(outDir, 'data');
    process.env.BRANCHYARD_CAPTURE_DIR = join(outDir, 'captures');
    container = await docker.createContainer({
      name: `${STACK}-web`,
      Image: IMAGE,
      // Waits in the background so the shell (PID 1) hears SIGTERM: stop and teardown take no grace period.
      Cmd: ['bash', '-c', 'trap "exit 143" TERM; for i in 1 2 3; do echo "line-$i from web"; done; echo "trouble on stderr" >&2; sleep infinity & wait'],
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    await buildRenderer(join(outDir, 'renderer'));
    server = await startServer({ handlers: createHandlers(createEngineContext(), { fileAccess: 'own' }), staticDir: join(outDir, 'renderer') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...LOCALE });
    app = new AppPage(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    delete process.env.BRANCHYARD_DATA_DIR;
    delete process.env.BRANCHYARD_CAPTURE_DIR;
    await container?.remove({ force: true }).catch(() => {});
    rmSync(outDir, { recursive: true, force: true });
  });

  test('without the token the server gives no UI', async () => {
    assert.ok(server);
    const plain = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(plain.status, 401);
    const other = await browser!.newPage(LOCALE);
    try {
      const response = await other.goto(`http://127.0.0.1:${server.port}/`);
      assert.equal(response?.status(), 401);
      assert.equal(await other.getByTestId('app').count(), 0);
      assert.equal(await other.locator('script').count(), 0);
    } finally {
      await other.close();
    }
  });

  test('shows the stack and its service within seconds', async () => {
    const started = Date.now();
    await page.goto(server!.url);
    await app.stack(STACK).waitFor({ timeout: 5000 });
    assert.ok(Date.now() - started < 5000);
    assert.ok((await app.stack(STACK).innerText()).includes(ui('stacks')('noSubnet')));
    await app.openStack(STACK);
    await app.waitForServiceState('web', 'running');
    assert.equal(await app.disconnectedBanner().count(), 0, 'no "disconnected" banner while everything is up');
  });

  test('the log view shows the container’s lines, stderr marked, and search covers them', async () => {
    await app.openServiceLogs('web');
    await app.waitForLogLine('line-3 from web');
    for (const n of [1, 2]) assert.equal(await app.logLine(`line-${n} from web`).count(), 1);
    await app.waitForLogLine('trouble on stderr');
    const err = app.logLine('trouble on stderr');
    assert.equal(await err.getAttribute('data-stream'), 'stderr');
    const matches = await app.searchLogs('line-[23]', { regex: true });
    await matches.first().waitFor({ timeout: WAIT_MS });
    assert.deepEqual((await matches.allInnerTexts()).map((t) => /line-\d/.exec(t)?.[0]), ['line-2', 'line-3']);

    // Export is a download: the server streams the file over HTTP and the browser saves it.
    const downloaded = page.waitForEvent('download', { timeout: WAIT_MS });
    await page.getByTestId('log-export').click();
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), `${STACK}-web.log`);
    await page.getByTestId('log-export-result').filter({ hasText: `${STACK}-web.log` }).waitFor({ timeout: WAIT_MS });
    const exported = readFileSync((await download.path())!, 'utf8');
    for (const text of ['line-1 from web', 'line-3 from web', 'trouble on stderr']) assert.ok(exported.includes(text), `${text} exported`);
  });

  test('a terminal runs what is typed into it', async () => {
    const terminal = await app.openTerminal('web');
    // The shell computes the answer: the echo of what was typed shows $((6*7)), only the output shows 42.
    await app.typeLine(terminal, 'echo by-$((6*7))-ok');
    await app.waitForTerminalText(terminal, 'by-42-ok');
    await screenshot(page, 'browser-terminal');
  });

  test('a narrower window gives the shell fewer columns', async () => {
    const terminal = page.locator('[data-testid^="terminal-"][data-service="web"]').last();
    const before = await app.terminalSize(terminal, 'wide');
    await page.setViewportSize({ width: 900, height: 800 });
    const after = await app.terminalSize(terminal, 'narrow');
    assert.ok(after.cols < before.cols, `columns went from ${before.cols} to ${after.cols}`);
    assert.ok(after.cols >= 40, `about 600 px of terminal holds more than ${after.cols} columns`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('the service state follows the engine live', async () => {
    await container!.stop({ t: 1 });
    await app.waitForServiceState('web', 'stopped', 15_000);
    assert.equal(await app.stack(STACK).getByTestId('stack-status').getAttribute('data-status'), 'stopped');
    assert.equal(await app.stack(STACK).getByTestId('stack-status').innerText(), ui('stacks')('state_stopped'));
  });

  test('a dropped connection shows the banner, reconnects and resubscribes by itself', async () => {
    // The page's WebSockets pass through Playwright, so the test can cut one like a network would.
    const sockets: WebSocketRoute[] = [];
    const other = await browser!.newPage(LOCALE);
    try {
      await other.routeWebSocket(/\/api/, (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      });
      const view = new AppPage(other);
      await other.goto(server!.url);
      await view.openStack(STACK);
      await view.waitForServiceState('web', 'stopped');
      assert.equal(sockets.length, 1);
      await sockets[0].close({ code: 1006, reason: 'cut by the test' });
      await view.disconnectedBanner().waitFor({ timeout: WAIT_MS });
      await view.disconnectedBanner().waitFor({ state: 'detached', timeout: WAIT_MS });
      assert.ok(sockets.length >= 2, 'a new connection was opened');
      // Live status flows again through the new connection: the restart shows up.
      await container!.start();
      await view.waitForServiceState('web', 'running');
    } finally {
      await other.close();
    }
  });

  test('tear down asks first, captures, and shows where the archive went', async () => {
    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-cancel').click();
    assert.equal(await page.getByTestId('stack-outcome').count(), 0, 'cancel does nothing');
    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-confirm').click();
    const outcome = page.getByTestId('stack-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    const text = await outcome.innerText();
    const path = new RegExp(literally(ui('stacks')('downCaptured', { path: ANY })).replace(ANY, '(\\S+\\.tar\\.gz)')).exec(text)?.[1];
    assert.ok(path, `an archive path in: ${text}`);
    assert.ok(path.startsWith(join(outDir, 'captures')), path);
    assert.ok(existsSync(path), `${path} exists`);
    await app.stack(STACK).waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.getByTestId('stack-gone').waitFor({ timeout: WAIT_MS });
    assert.equal(await outcome.innerText(), text, 'the archive path stays in view once the stack is gone');
  });

  test('the capture shows its services and exit codes, and its logs open searchable', async () => {
    await page.getByTestId('nav-captures').click();
    const row = page.getByTestId('captures-table').locator(`[data-testid^="capture-${STACK}/"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await row.click();
    const web = page.getByTestId('capture-detail').getByTestId('capture-service-web');
    await web.waitFor({ timeout: WAIT_MS });
    assert.match(await web.getByTestId('capture-exit-code').innerText(), /^\d+$/);
    await page.getByTestId('capture-open-logs').click();
    await app.waitForLogLine('line-1 from web');
    // By its class, not its word: the log view's words are the logs capability's, in each language.
    await page.locator('[data-testid="logs-state"].logs-complete').waitFor({ timeout: WAIT_MS });
    // The container ran twice (stopped, then restarted by the reconnect test): both runs are in it.
    assert.equal(await app.logLine('trouble on stderr').count(), 2);
    const matches = await app.searchLogs('TROUBLE');
    await matches.first().waitFor({ timeout: WAIT_MS });
    assert.equal(await matches.count(), 2, 'search is case-insensitive unless asked');
  });

  test('closing the page ends every stream it opened', async () => {
    await page.close();
    await eventually(() => server!.open().connections === 0 && server!.open().streams === 0, 5000, 'the server to drop the page’s connection and streams');
  });

  test('a page whose server went away says so', async () => {
    const second = await browser!.newPage(LOCALE);
    const view = new AppPage(second);
    await second.goto(server!.url);
    await view.app().waitFor({ timeout: WAIT_MS });
    await server!.close();
    server = undefined;
    await view.disconnectedBanner().waitFor({ timeout: WAIT_MS });
    assert.ok((await view.disconnectedBanner().innerText()).startsWith(ui('layout')('disconnected')));
    await second.close();
  });
});
