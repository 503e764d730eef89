// The log view in a real Chromium against the real engine and browser-mode server, in the run's
// language (BRANCHYARD_UI_LANGUAGE): a stack of two labelled containers writes numbered lines, a
// 2,000-character line, stderr lines and a line every 500 ms. Checked: the long line is readable
// whole (wrapped and not) and copied whole; service chips and stream filters; scrolled up the view
// is paused with "N new lines — jump to latest", and the jump follows again; search highlights,
// Enter / Shift+Enter step, context lines; a click opens the history around the match, paged from
// the engine; export downloads a file with only the filtered lines (text and JSON lines), over
// HTTP with the token only. Screenshots of each state go to test-results/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { docker, removeAll } from '../integration/harness.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { ui } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const IMAGE = 'branchyard-test/debian:bookworm';
const prefix = `byuilogs${process.pid.toString(36)}`;
const STACK = `${prefix}-main`;
const LONG = `LONG-START ${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(60)}`.slice(0, 1992) + ' LONG-END';
const t = ui('logs');

const WEB = [
  'trap "exit 143" TERM',
  'for i in $(seq 1 300); do echo "web line $i"; done',
  `echo "${LONG}"`,
  'echo "web trouble on stderr" >&2',
  'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.5; done & wait',
].join('; ');
const WORKER = [
  'trap "exit 143" TERM',
  'echo "worker ready"',
  'for j in 1 2 3 4 5; do echo "worker job $j done"; done',
  'echo "worker warning on stderr" >&2',
  'sleep infinity & wait',
].join('; ');

// Run in the page (as strings: this file is type-checked without the DOM's types). The row is
// scrolled fully to the right first: its last characters must then be inside the list.
/** A function for the page, written as text (Playwright sends functions by their source). */
const inPage = (body: string) => new Function('el', body) as (el: unknown) => unknown;
const UNWRAPPED_GEOMETRY = inPage(`
  const scroll = el.closest('.log-scroll');
  const text = el.querySelector('.log-text');
  scroll.scrollLeft = scroll.scrollWidth;
  const end = document.createRange();
  end.setStart(text.firstChild, text.textContent.length - 3);
  end.setEnd(text.firstChild, text.textContent.length);
  const r = end.getBoundingClientRect();
  const box = scroll.getBoundingClientRect();
  const style = getComputedStyle(el);
  return { ellipsis: style.textOverflow, clipped: el.scrollWidth > el.clientWidth + 1, endVisible: r.right <= box.right + 1 && r.left >= box.left, height: el.offsetHeight };
`);
const WRAPPED_GEOMETRY = inPage(`
  const scroll = el.closest('.log-scroll');
  const r = el.getBoundingClientRect();
  const box = scroll.getBoundingClientRect();
  const next = el.nextElementSibling;
  return {
    height: el.offsetHeight,
    inside: r.left >= box.left - 1 && r.right <= box.right + 1,
    sideways: scroll.scrollWidth > scroll.clientWidth + 1,
    gapToNext: next ? next.getBoundingClientRect().top - r.bottom : 0,
  };
`);

const FIND_ROW = new Function(
  'el',
  'text',
  `return (async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    el.scrollTop = 0;
    for (let i = 0; i < 400; i++) {
      await frame();
      const hit = [...el.querySelectorAll('[data-testid="log-line"]')].find((r) => r.textContent.includes(text));
      if (hit) {
        hit.scrollIntoView({ block: 'center' });
        await frame();
        return true;
      }
      if (el.scrollTop + el.clientHeight >= el.scrollHeight) return false;
      el.scrollTop += el.clientHeight / 2;
    }
    return false;
  })()`,
) as (el: unknown, text: string) => Promise<boolean>;

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the log view', () => {
  let s: UiSession;
  const shot = (name: string) => screenshot(s.page, `logs-${name}`);
  const list = () => s.page.getByTestId('log-list');
  const rows = () => list().getByTestId('log-line');
  const state = () => s.page.getByTestId('logs-state');

  /**
   * Only rows in sight are drawn: scrolls the list from the top, half a page at a time and a frame
   * apart (so React drew each position before it is looked at), until the row is there.
   */
  const scrollToRow = async (text: string) => {
    const found = await list().evaluate(FIND_ROW, text);
    assert.equal(found, true, `a row with '${text}' drawn somewhere in the list`);
  };

  before(async () => {
    await removeAll(prefix);
    for (const [service, script] of [
      ['web', WEB],
      ['worker', WORKER],
    ] as const) {
      const c = await docker.createContainer({
        name: `${STACK}-${service}`,
        Image: IMAGE,
        Cmd: ['bash', '-c', script],
        Labels: { [LABEL.stack]: STACK, [LABEL.service]: service },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
    }
    s = await openUiSession();
    await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(s.url).origin });
    await s.page.goto(s.url);
    await s.app.openStack(STACK);
    await s.page.getByTestId('stack-logs').click();
    await s.app.waitForLogLine('LONG-END');
    await s.app.waitForLogLine('worker job 5 done');
  });

  after(async () => {
    await s?.close();
    await removeAll(prefix);
  });

  test('follows the newest lines and says so', async () => {
    await until(async () => (await state().getAttribute('data-state')) === 'live', WAIT_MS, 'the view is live');
    assert.equal(await state().innerText(), t('state_live'));
    await s.app.waitForLogLine('tick 3');
    await shot('following');
  });

  test('a 2,000-character line is readable whole, not wrapped (sideways) and wrapped, and copied whole', async () => {
    assert.equal(LONG.length, 2001);
    const row = s.app.logLine('LONG-END');
    // Held still, so the row stays where it is while ticks arrive.
    await s.page.getByTestId('log-pause').click();
    await scrollToRow('LONG-END');
    assert.equal(await row.getByTestId('log-text').innerText(), LONG, 'the whole text is in the row');
    const unwrapped = (await row.evaluate(UNWRAPPED_GEOMETRY)) as { ellipsis: string; clipped: boolean; endVisible: boolean; height: number };
    assert.notEqual(unwrapped.ellipsis, 'ellipsis');
    assert.equal(unwrapped.clipped, false, 'the row is as wide as its text');
    assert.ok(unwrapped.endVisible, 'scrolled to the right, the end of the line is in sight');
    assert.equal(unwrapped.height, 18, 'one line high without wrapping');
    await shot('long-line-scrolled');
    await list().evaluate((el) => (el.scrollLeft = 0));

    await s.page.getByTestId('log-wrap').check();
    await scrollToRow('LONG-END');
    const wrapped = (await row.evaluate(WRAPPED_GEOMETRY)) as { height: number; inside: boolean; sideways: boolean; gapToNext: number };
    assert.ok(wrapped.height >= 18 * 10, `wrapped over many lines (${wrapped.height} px high)`);
    assert.ok(wrapped.inside, 'the wrapped row fits the width');
    assert.equal(wrapped.sideways, false, 'nothing to scroll sideways');
    assert.equal(await row.getByTestId('log-text').innerText(), LONG);
    assert.ok(wrapped.gapToNext >= -1, `the next row starts below the wrapped one (gap ${wrapped.gapToNext})`);
    await shot('long-line-wrapped');

    await row.hover();
    await row.getByTestId('log-copy').click();
    await row.locator('[data-copied="true"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await s.page.evaluate<string>('navigator.clipboard.readText()'), LONG, 'the clipboard holds the whole line');
    await s.page.getByTestId('log-wrap').uncheck();
    await s.page.getByTestId('log-follow').click();
  });

  test('service chips and stream filters choose the lines shown', async () => {
    const chip = s.page.getByTestId('log-chip-worker');
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    await chip.click();
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    await until(async () => (await list().locator('[data-service="worker"]').count()) === 0, WAIT_MS, 'no worker lines');
    assert.ok((await list().locator('[data-service="web"]').count()) > 0, 'web lines stay');
    assert.match(await s.page.getByTestId('logs-count').innerText(), /\d/);
    await shot('filter-service');
    await chip.click();
    await s.page.getByTestId('log-stream-stdout').click();
    await until(async () => (await rows().count()) === 2, WAIT_MS, 'only the two stderr lines');
    for (const stream of await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-stream')))) assert.equal(stream, 'stderr');
    assert.deepEqual((await rows().getByTestId('log-text').allInnerTexts()).sort(), ['web trouble on stderr', 'worker warning on stderr']);
    await shot('filter-stderr');
    // At least one stream stays on.
    await s.page.getByTestId('log-stream-stderr').click();
    assert.equal(await s.page.getByTestId('log-stream-stderr').getAttribute('aria-pressed'), 'true');
    await s.page.getByTestId('log-stream-stdout').click();
    // A time range ending before the first line shows nothing.
    await s.page.getByTestId('log-range-to').fill('2001-01-01T00:00:00');
    await s.page.getByText(t('noLinesShown')).waitFor({ timeout: WAIT_MS });
    assert.equal(await rows().count(), 0);
    await s.page.getByTestId('log-range-clear').click();
    await s.app.waitForLogLine('tick');
  });

  test('timestamps can be turned off', async () => {
    assert.ok((await list().locator('.log-time').count()) > 0);
    await s.page.getByTestId('log-timestamps').uncheck();
    assert.equal(await list().locator('.log-time').count(), 0);
    await s.page.getByTestId('log-timestamps').check();
    assert.ok((await list().locator('.log-time').count()) > 0);
  });

  test('scrolled up, the view is paused and counts new lines; the jump follows again', async () => {
    await list().evaluate((el) => {
      el.scrollTop = 0;
    });
    await until(async () => (await state().getAttribute('data-state')) === 'paused', WAIT_MS, 'paused when scrolled up');
    assert.equal(await state().innerText(), t('state_paused'));
    assert.notEqual(await state().innerText(), t('state_live'), 'never "following" while scrolled up');
    const topBefore = await rows().first().getByTestId('log-text').innerText();
    const jump = s.page.getByTestId('log-jump-latest');
    await until(async () => Number(await jump.getAttribute('data-new-lines')) >= 2, WAIT_MS, 'new lines counted');
    const n = Number(await jump.getAttribute('data-new-lines'));
    const text = await jump.innerText();
    assert.ok(text === t('newLines', { count: n }) || text === t('newLines', { count: n + 1 }), `the button says how many: ${text}`);
    assert.equal(await list().evaluate((el) => el.scrollTop), 0, 'the view stayed where the user left it');
    assert.equal(await rows().first().getByTestId('log-text').innerText(), topBefore);
    await shot('paused-new-lines');
    await jump.click();
    await until(async () => (await state().getAttribute('data-state')) === 'live', WAIT_MS, 'following again');
    await until(
      async () => list().evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 4),
      WAIT_MS,
      'at the bottom',
    );
    assert.equal(await jump.count(), 0);
    // And it keeps following as more lines come.
    const last = await list().evaluate((el) => el.scrollHeight);
    await until(async () => (await list().evaluate((el) => el.scrollHeight)) > last, WAIT_MS, 'more lines');
    await until(async () => list().evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 4), WAIT_MS, 'still at the bottom');
  });

  test('search highlights matches with context, and Enter / Shift+Enter step through them', async () => {
    const input = s.page.getByTestId('log-search-input');
    await input.fill('job');
    await input.press('Enter');
    const results = s.page.getByTestId('log-search-result');
    await until(async () => (await results.count()) === 5, WAIT_MS, 'five matches');
    const hits = s.page.getByTestId('log-search-results').getByTestId('log-hit');
    assert.equal(await hits.count(), 5);
    for (const h of await hits.allInnerTexts()) assert.equal(h, 'job');
    assert.ok((await s.page.getByTestId('log-context-line').count()) > 0, 'lines of context around the matches');
    const summary = s.page.getByTestId('log-search-summary');
    const scanned = Number(await summary.getAttribute('data-scanned'));
    assert.ok(scanned > 300, `the whole history was searched (${scanned} lines)`);
    assert.equal(await summary.innerText(), t('matches', { count: 5, scanned }));
    const position = s.page.getByTestId('log-search-position');
    const current = () => s.page.locator('[data-testid="log-search-result"][data-current="true"]').getByTestId('log-search-match').getByTestId('log-text').innerText();
    assert.equal(await position.innerText(), t('position', { current: 1, count: 5 }));
    assert.equal(await current(), 'worker job 1 done');
    await input.press('Enter');
    assert.equal(await position.innerText(), t('position', { current: 2, count: 5 }));
    assert.equal(await current(), 'worker job 2 done');
    await input.press('Shift+Enter');
    await input.press('Shift+Enter');
    assert.equal(await position.innerText(), t('position', { current: 5, count: 5 }), 'Shift+Enter from the first wraps to the last');
    assert.equal(await current(), 'worker job 5 done');
    await shot('search');
    // The same view in the light theme (the app follows the system's).
    await s.page.emulateMedia({ colorScheme: 'light' });
    await shot('search-light');
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await s.page.getByTestId('log-search-clear').click();
  });

  test('a click on a match opens the history around it, paged from the engine', async () => {
    const input = s.page.getByTestId('log-search-input');
    await s.page.getByTestId('log-search-regex').check();
    await input.fill('^web line 150$');
    await input.press('Enter');
    const match = s.page.getByTestId('log-search-match');
    await match.first().waitFor({ timeout: WAIT_MS });
    assert.equal(await match.count(), 1);
    await match.click();
    const history = s.page.getByTestId('log-history');
    await history.waitFor({ timeout: WAIT_MS });
    // And by keyboard: the result's own button opens it too.
    await s.page.getByTestId('log-history-close').click();
    await s.page.getByTestId('log-search-open').focus();
    await s.page.keyboard.press('Enter');
    await history.waitFor({ timeout: WAIT_MS });
    const target = history.locator('.log-target');
    await target.waitFor({ timeout: WAIT_MS });
    assert.equal(await target.getByTestId('log-text').innerText(), 'web line 150');
    assert.ok(await target.isVisible());
    assert.ok(await list().isHidden(), 'the history takes the place of the live list');
    const lines = history.getByTestId('log-history-line');
    // 100 lines before and 100 after, from the engine (the other service's lines merge in by time).
    await until(async () => (await lines.count()) >= 150, WAIT_MS, 'a page of history');
    assert.ok((await history.getByText('web line 100', { exact: true }).count()) === 1);
    await shot('history');
    const earlier = s.page.getByTestId('log-history-earlier');
    await earlier.click();
    await until(async () => (await earlier.innerText()) === t('historyStart'), WAIT_MS, 'the start of the history');
    await history.getByText('web line 1', { exact: true }).waitFor({ timeout: WAIT_MS });
    assert.ok(await target.count(), 'the target line stays marked');
    const before = await lines.count();
    await s.page.getByTestId('log-history-later').click();
    // A page of 200 more, or the rest up to the end of the history (ticks keep coming).
    const laterButton = s.page.getByTestId('log-history-later');
    await until(
      async () => (await lines.count()) >= before + 200 || ((await lines.count()) > before && (await laterButton.innerText()) === t('historyEnd')),
      WAIT_MS,
      'a later page',
    );
    assert.ok((await history.getByText(/^tick \d+$/).count()) > 0, 'the ticks are in the later page');
    await s.page.getByTestId('log-history-close').click();
    assert.ok(await list().isVisible());
    await s.page.getByTestId('log-search-clear').click();
    await s.page.getByTestId('log-search-regex').uncheck();
  });

  test('export downloads a file with the filtered lines, as text or JSON lines', async () => {
    await s.page.getByTestId('log-stream-stdout').click(); // stderr only
    let downloaded = s.page.waitForEvent('download', { timeout: WAIT_MS });
    await s.page.getByTestId('log-export').click();
    let download = await downloaded;
    assert.equal(download.suggestedFilename(), `${STACK}.log`);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 2, text);
    assert.match(lines.find((l) => l.includes('web trouble'))!, /^\d{4}-\d\d-\d\dT\S+Z web stderr web trouble on stderr$/);
    assert.ok(!text.includes('web line'), 'stdout lines left out');
    await s.page.getByTestId('log-export-result').waitFor({ timeout: WAIT_MS });

    await s.page.getByTestId('log-chip-web').click(); // and only the worker
    await s.page.getByTestId('log-export-format').selectOption('jsonl');
    downloaded = s.page.waitForEvent('download', { timeout: WAIT_MS });
    await s.page.getByTestId('log-export').click();
    download = await downloaded;
    assert.equal(download.suggestedFilename(), `${STACK}-worker.jsonl`);
    const json = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(json.map((j) => [j.service, j.stream, j.text]), [['worker', 'stderr', 'worker warning on stderr']]);
    await shot('export');

    // The download address works only with the token (the page's cookie), and never for another host.
    const params = encodeURIComponent(JSON.stringify({ source: { kind: 'live', stack: STACK } }));
    const bare = await fetch(`http://127.0.0.1:${s.server.port}/export/logs?params=${params}`);
    assert.equal(bare.status, 401);
    const withToken = await fetch(`http://127.0.0.1:${s.server.port}/export/logs?params=${params}&token=${s.server.token}`);
    assert.equal(withToken.status, 200);
    assert.match(withToken.headers.get('content-disposition') ?? '', /^attachment/);
    assert.match(await withToken.text(), /web line 300/);
    const bad = await fetch(`http://127.0.0.1:${s.server.port}/export/logs?params=${encodeURIComponent('{"source":{"kind":"nope"}}')}&token=${s.server.token}`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /source\.kind/);
  });
});

