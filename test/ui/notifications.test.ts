// Notifications in the browser mode, in Chromium against the real engine: an environment started
// from the command line (not from this page) is announced when it is ready and when it fails, a
// teardown from the page when it finishes with its archive; clicking a notification opens its
// stack; the tab title carries "● " until the user looks. Notifications are observed with an init
// script that wraps window.Notification (the real one still runs). The page never asks for the
// permission on load, only when the user asks for notifications (or starts a teardown).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { cli } from '../integration/harness.ts';
import { AppPage, WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { ANY, LOCALE, matching, ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const TAG = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const READY = `byshellready${TAG}`;
const FAILING = `byshellfail${TAG}`;
const UP_MS = 60_000;

/**
 * Records every notification the page makes, and every permission request. A string, not a
 * function: tsx would put its own helpers (__name) into a function's source, which the page lacks.
 */
const RECORD_NOTIFICATIONS = `
  window.__notes = [];
  window.__asks = 0;
  const Original = window.Notification;
  class Recorded extends Original {
    constructor(title, options) {
      super(title, options);
      window.__notes.push({ title, body: options && options.body, note: this });
    }
    static requestPermission(...args) {
      window.__asks++;
      return Original.requestPermission(...args);
    }
  }
  window.Notification = Recorded;
`;

function stackFile(dir: string, name: string, healthcheck: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    `name: ${name}
services:
  web:
    image: branchyard-test/debian:bookworm
    command: ["bash", "-c", "trap 'exit 143' TERM; sleep infinity & wait"]
    healthcheck: { test: ["CMD", "${healthcheck}"], interval: 1s, retries: 1 }
    x-ip: 10
`,
  );
  return file;
}

/** The page's globals this test reads (the test's tsconfig has no DOM types). */
interface Recorder {
  __notes: { title: string; body?: string; note: { dispatchEvent(e: unknown): boolean } }[];
  __asks: number;
  dispatchEvent(e: unknown): boolean;
  Event: new (type: string) => unknown;
  document: { title: string; querySelectorAll(s: string): { length: number } };
}
async function notes(page: Page): Promise<{ title: string; body?: string }[]> {
  return page.evaluate(() => (globalThis as unknown as Recorder).__notes.map(({ title, body }) => ({ title, body })));
}

async function waitForNote(page: Page, title: string, ms = UP_MS): Promise<{ title: string; body?: string }> {
  try {
    await page.waitForFunction((t) => (globalThis as unknown as Recorder).__notes.some((n) => n.title === t), title, { timeout: ms });
  } catch (e) {
    throw new Error(`no notification '${title}' within ${ms} ms; the page made: ${JSON.stringify(await notes(page))}`, { cause: e });
  }
  return (await notes(page)).find((n) => n.title === title)!;
}

async function clickNote(page: Page, title: string): Promise<void> {
  await page.evaluate((t) => {
    const w = globalThis as unknown as Recorder;
    w.__notes.find((x) => x.title === t)!.note.dispatchEvent(new w.Event('click'));
  }, title);
}

/**
 * Other tests' stacks on the shared engine make news too, so the title is checked against the
 * marks the page shows: marked exactly while some stack in the list is.
 */
async function titleAgreesWithMarks(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as Recorder).document;
    return (d.title === '● Branchyard') === d.querySelectorAll('[data-attention="true"]').length > 0 && /^(● )?Branchyard$/.test(d.title);
  });
}

const N = msg('notify');

describe('notifications in the browser mode', () => {
  let ui: UiSession;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let app: AppPage;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'branchyard-ui-notify-'));
    ui = await openUiSession();
    context = await ui.browser.newContext({ viewport: { width: 1280, height: 720 }, ...LOCALE });
    await context.grantPermissions(['notifications'], { origin: new URL(ui.url).origin });
    await context.addInitScript(RECORD_NOTIFICATIONS);
    page = await context.newPage();
    app = new AppPage(page);
  });

  after(async () => {
    for (const stack of [READY, FAILING]) await cli(['down', stack, '--no-capture']);
    await ui?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an environment started elsewhere is announced when ready; a click opens it; the mark goes when looked at', async () => {
    await page.goto(ui.url);
    await page.getByTestId('notifications').filter({ hasText: N('on') }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.title(), 'Branchyard');
    const up = await cli(['up', stackFile(dir, READY, 'true'), '--name', READY]);
    assert.equal(up.code, 0, up.stderr);
    const note = await waitForNote(page, N('readyTitle', { stack: READY }));
    assert.match(note.body ?? '', new RegExp(`^${matching(N('readyBody', { running: 1, count: 1 })).source} · 10\\.\\d+\\.\\d+\\.0/24$`));
    await app.stack(READY).and(page.locator('[data-attention="true"]')).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.title(), '● Branchyard', 'the tab shows that something needs attention');
    await screenshot(page, 'notify-1-ready-marked');

    await clickNote(page, N('readyTitle', { stack: READY }));
    await page.getByTestId('stack-view').filter({ hasText: READY }).waitFor({ timeout: WAIT_MS });
    await app.stack(READY).and(page.locator('[data-attention="false"]')).waitFor({ timeout: WAIT_MS });
    await titleAgreesWithMarks(page);
    assert.equal((await notes(page)).filter((n) => n.title.startsWith(READY)).length, 1, 'one notification, not one per event');
    await screenshot(page, 'notify-2-clicked-opens-stack');
  });

  test('an environment whose service turns unhealthy is announced as failed; focusing the window clears the mark', async () => {
    const up = await cli(['up', stackFile(dir, FAILING, 'false'), '--name', FAILING]);
    assert.equal(up.code, 0, up.stderr);
    const note = await waitForNote(page, N('failedTitle', { stack: FAILING }));
    assert.equal(note.body, N('unhealthy', { service: 'web' }));
    assert.equal((await notes(page)).some((n) => n.title === N('readyTitle', { stack: FAILING })), false);
    assert.equal(await page.title(), '● Branchyard');
    await screenshot(page, 'notify-3-failed-marked');
    // Coming back to the window is looking: every mark goes, at once.
    const title = await page.evaluate(() => {
      const w = globalThis as unknown as Recorder;
      w.dispatchEvent(new w.Event('focus'));
      return w.document.title;
    });
    assert.equal(title, 'Branchyard');
    await app.stack(FAILING).and(page.locator('[data-attention="false"]')).waitFor({ timeout: WAIT_MS });
  });

  test('a teardown from the page is announced with its archive; the click opens the stack, which says where the logs went', async () => {
    await app.openStack(READY);
    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-confirm').click();
    const note = await waitForNote(page, N('tornDownTitle', { stack: READY }));
    assert.match(note.body ?? '', new RegExp(`^${matching(N('logsCaptured', { archive: ANY })).source.replace('.+?', `.*/${READY}/[^/]+\\.tar\\.gz`)}$`));
    await app.openStack(FAILING);
    await clickNote(page, N('tornDownTitle', { stack: READY }));
    await page.getByTestId('stack-gone').waitFor({ timeout: WAIT_MS });
    assert.match(await page.getByTestId('stack-outcome').innerText(), matching(msg('stacks')('downCaptured', { path: ANY })));
    await screenshot(page, 'notify-4-teardown-clicked');
  });

  test('without the permission the page does not ask on load; the sidebar button asks', async () => {
    const plain = await ui.browser.newContext({ viewport: { width: 1280, height: 720 }, ...LOCALE });
    try {
      await plain.addInitScript(RECORD_NOTIFICATIONS);
      const other = await plain.newPage();
      await other.goto(ui.url);
      const turnOn = other.getByTestId('notifications-turn-on');
      await turnOn.waitFor({ timeout: WAIT_MS });
      await other.waitForTimeout(1000);
      assert.equal(await other.evaluate(() => (globalThis as unknown as Recorder).__asks), 0, 'no prompt on load');
      await screenshot(other, 'notify-5-permission-not-asked');
      await turnOn.click();
      await other.waitForFunction(() => (globalThis as unknown as Recorder).__asks === 1, undefined, { timeout: WAIT_MS });
      await screenshot(other, 'notify-6-permission-asked');
    } finally {
      await plain.close();
    }
  });
});
