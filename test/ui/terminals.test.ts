// Terminals in the app, in a real Chromium against the real engine: the open dialog's shell picker
// (bash, sh, a command of one's own) and user, search in the screen, copy and paste by keyboard and
// by the context menu, the offer to reconnect once a recreate replaced the container (and that the
// reconnect reaches the new one), the DOM renderer where WebGL is missing or its context is lost,
// and Ctrl+Shift+X giving the focus back to the page. Screenshots go to test-results/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { IMAGES, cli, docker, removeAll, tempDir } from '../integration/harness.ts';
import { AppPage, WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { LOCALE, ui as uiText } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const prefix = `byuiterm${process.pid.toString(36)}`;
const STACK = `${prefix}-t`;
const tmp = tempDir();
const t = uiText('terminals');

const file = tmp.write(
  'term.yml',
  `
name: ${prefix}
services:
  web:
    image: ${IMAGES.app}
`,
);

/** Polls a page expression until it is true (waitForFunction would eval, which the app's CSP forbids). */
async function waitForExpr(page: Page, expression: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function containerId(service: string): Promise<string> {
  const [c] = await docker.listContainers({ filters: { label: [`io.branchyard.stack=${STACK}`, `io.branchyard.service=${service}`] } });
  assert.ok(c, `a running container of ${STACK}/${service}`);
  return c.Id;
}

describe('terminals in the app', () => {
  let ui: UiSession;
  let app: AppPage;
  const shot = (name: string) => screenshot(ui.page, `terminals-${name}`);
  const press = (keys: string) => ui.page.keyboard.press(keys);
  const clipboard = () => ui.page.evaluate<string>('navigator.clipboard.readText()');

  before(async () => {
    await removeAll(prefix);
    const up = await cli(['up', file, '--name', STACK, '--wait', '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    ui = await openUiSession();
    app = ui.app;
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ui.url).origin });
    await ui.page.goto(ui.url);
    await app.openStack(STACK);
    await app.waitForServiceState('web', 'running');
  });

  after(async () => {
    await ui?.close();
    await removeAll(prefix);
    tmp.remove();
  });

  test('bash picked in the open dialog runs bash, drawn with WebGL where it is available', async () => {
    await app.service('web').getByTestId('service-terminal').click();
    const dialog = ui.page.getByTestId('terminal-open');
    await dialog.waitFor({ timeout: WAIT_MS });
    // Enter on the focused Open button would open at once; the picker is the point here.
    assert.equal(await ui.page.evaluate<string | null>('document.activeElement?.dataset?.testid ?? null'), 'terminal-open-confirm');
    await dialog.getByTestId('terminal-shell-bash').check();
    await shot('open-dialog');
    await dialog.getByTestId('terminal-open-confirm').click();
    const term = ui.page.locator('[data-testid^="terminal-"][data-service="web"]').last();
    await app.terminalScreen(term).waitFor({ timeout: WAIT_MS });
    // The shell computes the answer: what was typed shows $(…), only the output shows the path.
    await app.typeLine(term, 'echo "shell=$(readlink /proc/$$/exe) uid=$(id -u)"');
    await app.waitForTerminalText(term, /shell=\/usr\/bin\/bash uid=0/);
    assert.equal(await term.getAttribute('data-renderer'), 'webgl', 'this Chromium has WebGL2 (SwiftShader)');
    await shot('bash');
  });

  test('sh as nobody: the shell and the user picked are the ones that run, and the tab says so', async () => {
    const term = await app.openTerminal('web', { shell: 'sh', user: 'nobody' });
    await app.typeLine(term, 'echo "shell=$(readlink /proc/$$/exe) uid=$(id -u)"');
    await app.waitForTerminalText(term, /shell=\/usr\/bin\/dash uid=65534/);
    const tabs = ui.page.locator('[data-testid^="dock-tab-"]').filter({ hasText: 'sh · nobody' });
    assert.equal(await tabs.count(), 1, 'the tab names the shell and user');
  });

  test('a command of ones own runs as its words, without a shell; a broken one opens nothing', async () => {
    await app.service('web').getByTestId('service-terminal').click();
    const dialog = ui.page.getByTestId('terminal-open');
    await dialog.getByTestId('terminal-shell-command').check();
    await dialog.getByTestId('terminal-open-command').fill(`python3 -c 'print("py-" + str(6*7))`);
    const tabsBefore = await ui.page.locator('[data-testid^="dock-tab-"]').count();
    await dialog.getByTestId('terminal-open-confirm').click();
    const problem = dialog.getByTestId('terminal-open-problem');
    await problem.waitFor({ timeout: WAIT_MS });
    assert.match(await problem.innerText(), new RegExp(t('commandQuote', { detail: 'XX' }).split('XX')[0].replace(/[()（）]/g, '.')));
    await shot('open-problem');
    assert.equal(await ui.page.locator('[data-testid^="dock-tab-"]').count(), tabsBefore, 'nothing opened');
    await dialog.getByTestId('terminal-open-command').fill(`python3 -c 'print("py-" + str(6*7) + " $HOME")'`);
    await dialog.getByTestId('terminal-open-confirm').click();
    const term = ui.page.locator('[data-testid^="terminal-"][data-service="web"]').last();
    // $HOME stays as typed: no shell expanded it.
    await app.waitForTerminalText(term, 'py-42 $HOME');
    await app.waitForTerminalText(term, t('exitedWithCode', { code: 0 }));
  });

  test('search finds in the screen, steps through matches and gives the keys back on Escape', async () => {
    const term = await app.openTerminal('web');
    await app.typeLine(term, 'for i in 1 2 3; do echo "needle-$((i*10))"; done');
    await app.waitForTerminalText(term, 'needle-30');
    await press('Control+Shift+F');
    const search = ui.page.getByTestId('terminal-search');
    await search.waitFor({ timeout: WAIT_MS });
    await ui.page.keyboard.type('needle-');
    const count = search.getByTestId('terminal-search-count');
    // Three outputs; the command line itself says needle-$((i*10)), a fourth match.
    await count.filter({ hasText: t('searchCount', { index: 4, count: 4 }) }).or(count.filter({ hasText: new RegExp(t('searchCount', { index: 9, count: 4 }).replace('9', '\\d')) })).first().waitFor({ timeout: WAIT_MS });
    const first = await count.innerText();
    await press('Enter');
    await waitForExpr(ui.page, `document.querySelector('[data-testid="terminal-search-count"]')?.textContent !== ${JSON.stringify(first)}`);
    await shot('search');
    await press('Escape');
    await search.waitFor({ state: 'detached', timeout: WAIT_MS });
    // The keys are the shell's again.
    await app.typeLine(term, 'echo back-$((2+2))');
    await app.waitForTerminalText(term, 'back-4');
  });

  test('copy by keyboard: Ctrl+Shift+C copies the selection, Ctrl+C copies while text is selected, Ctrl+Shift+V pastes', async () => {
    const term = await app.openTerminal('web');
    await app.typeLine(term, 'echo copy-$((5*5))-me');
    await app.waitForTerminalText(term, 'copy-25-me');
    // A search selects its match, as a drag would.
    await press('Control+Shift+F');
    await ui.page.keyboard.type('copy-25-me');
    await press('Escape');
    await press('Control+Shift+C');
    await ui.page.getByTestId('terminal-flash').waitFor({ timeout: WAIT_MS });
    assert.equal(await clipboard(), 'copy-25-me');

    await ui.page.evaluate('navigator.clipboard.writeText("")');
    await press('Control+Shift+F');
    await ui.page.keyboard.type('25-me');
    await press('Escape');
    await press('Control+C');
    await waitForExpr(ui.page, "navigator.clipboard.readText().then((text) => text !== '')");
    assert.equal(await clipboard(), '25-me', 'Ctrl+C with a selection copies');
    // It was not an interrupt: the line typed next runs in the same shell, with nothing before it.
    await app.typeLine(term, 'echo after-$((8+8))');
    await app.waitForTerminalText(term, 'after-16');
    assert.equal((await app.terminalScreen(term).innerText()).includes('^C'), false, 'no ^C reached the shell');

    await ui.page.evaluate('navigator.clipboard.writeText("echo pasted-$((3*3))")');
    await press('Control+Shift+V');
    await press('Enter');
    await app.waitForTerminalText(term, 'pasted-9');
  });

  test('the context menu copies, selects all, searches and clears, and Escape closes it', async () => {
    const term = await app.openTerminal('web');
    await app.typeLine(term, 'echo menu-$((4*4))');
    await app.waitForTerminalText(term, 'menu-16');
    await term.click({ button: 'right', position: { x: 80, y: 40 } });
    const menu = ui.page.getByTestId('terminal-menu');
    await menu.waitFor({ timeout: WAIT_MS });
    assert.equal(await menu.getByRole('menuitem').count(), 5);
    assert.equal(await menu.getByTestId('terminal-menu-copy').isDisabled(), true, 'nothing selected: nothing to copy');
    await shot('menu');
    await press('Escape');
    await menu.waitFor({ state: 'detached', timeout: WAIT_MS });

    await term.click({ button: 'right', position: { x: 80, y: 40 } });
    await menu.getByTestId('terminal-menu-select-all').click();
    await term.click({ button: 'right', position: { x: 80, y: 40 } });
    await menu.getByTestId('terminal-menu-copy').click();
    assert.match(await clipboard(), /menu-16/);

    // The keyboard walks it too: focus starts on the first item (Copy: select all left a
    // selection), arrows move and wrap, Enter runs.
    await term.click({ button: 'right', position: { x: 80, y: 40 } });
    await menu.waitFor({ timeout: WAIT_MS });
    await waitForExpr(ui.page, "document.activeElement?.dataset?.testid === 'terminal-menu-copy'");
    await press('ArrowDown');
    assert.equal(await ui.page.evaluate<string | null>('document.activeElement?.dataset?.testid ?? null'), 'terminal-menu-paste');
    await press('ArrowUp');
    await press('ArrowUp');
    assert.equal(await ui.page.evaluate<string | null>('document.activeElement?.dataset?.testid ?? null'), 'terminal-menu-clear');
    await press('Enter');
    await waitForExpr(ui.page, "!document.querySelector('.terminal-panel:not([hidden]) .xterm-accessibility-tree')?.textContent?.includes('menu-16')");
  });

  test('after a recreate the terminal offers the new container, and reconnecting opens a shell there', async () => {
    const term = await app.openTerminal('web');
    // A file only the old container has: the reconnected shell must not find it.
    await app.typeLine(term, 'touch /tmp/old-container && echo marked-$((3+4))');
    const old = await containerId('web');
    await app.waitForTerminalText(term, 'marked-7');
    await app.service('web').getByTestId('service-recreate').click();
    const bar = ui.page.locator('.terminal-panel:not([hidden])').getByTestId('terminal-replaced');
    await bar.waitFor({ timeout: 60_000 });
    assert.match(await bar.innerText(), new RegExp(t('replaced', { service: 'web' }).slice(0, 8).replace(/[()（）]/g, '.')));
    const fresh = await containerId('web');
    assert.notEqual(fresh, old);
    await shot('replaced');
    await bar.getByTestId('terminal-reconnect').click();
    await bar.waitFor({ state: 'detached', timeout: WAIT_MS });
    await app.waitForTerminalText(term, t('reconnected'));
    await app.typeLine(term, 'test -e /tmp/old-container && echo "same-$((1+1))" || echo "fresh-$((2+2))"');
    await app.waitForTerminalText(term, 'fresh-4');
    // The old session's output stays above the new one.
    await app.waitForTerminalText(term, 'marked-7');
  });

  test('without WebGL, and after its context is lost, the DOM renderer draws the terminal', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 }, ...LOCALE });
    try {
      // As a machine without WebGL2 answers: no context.
      await page.addInitScript(`{
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
          return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
        };
      }`);
      const view = new AppPage(page);
      await page.goto(ui.url);
      await view.openStack(STACK);
      const term = await view.openTerminal('web');
      assert.equal(await term.getAttribute('data-renderer'), 'dom');
      await page.getByTestId('terminal-renderer-note').filter({ hasText: t('webglOff') }).waitFor({ timeout: WAIT_MS });
      await view.typeLine(term, 'echo dom-$((7*6))');
      // The DOM renderer's own rows show it, not only the accessibility tree.
      await term.locator('.xterm-rows').filter({ hasText: 'dom-42' }).waitFor({ timeout: WAIT_MS });
      await screenshot(page, 'terminals-no-webgl');
    } finally {
      await page.close();
    }

    const term = await app.openTerminal('web');
    assert.equal(await term.getAttribute('data-renderer'), 'webgl');
    // What a GPU reset does to the page: the WebGL context is lost (xterm.js waits 3 s for it to
    // come back before it gives up on it).
    const lost = await ui.page.evaluate<number>(`[...document.querySelectorAll('.terminal-panel:not([hidden]) .terminal-host canvas')].filter((c) => {
      const ext = c.getContext('webgl2')?.getExtension('WEBGL_lose_context');
      ext?.loseContext();
      return Boolean(ext);
    }).length`);
    assert.equal(lost, 1, 'one WebGL canvas');
    await waitForExpr(ui.page, "document.querySelector('.terminal-panel:not([hidden]) .terminal-host')?.getAttribute('data-renderer') === 'dom'");
    await ui.page.getByTestId('terminal-renderer-note').filter({ hasText: t('webglLost') }).waitFor({ timeout: WAIT_MS });
    await app.typeLine(term, 'echo after-loss-$((9*9))');
    await term.locator('.xterm-rows').filter({ hasText: 'after-loss-81' }).waitFor({ timeout: WAIT_MS });
    await shot('webgl-lost');
  });

  test('Ctrl+Shift+X leaves the terminal: focus goes to its tab, keys no longer reach the shell', async () => {
    const term: Locator = await app.openTerminal('web');
    await app.typeLine(term, 'echo in-$((1+1))');
    await app.waitForTerminalText(term, 'in-2');
    await press('Control+Shift+X');
    const focused = await ui.page.evaluate<string | null>('document.activeElement?.id ?? null');
    assert.match(focused ?? '', /^terminal-tab-/, 'the terminal’s tab has the focus');
    assert.equal(await ui.page.evaluate<boolean>('Boolean(document.activeElement?.closest(".xterm"))'), false);
    // No letter of an app shortcut (n, l, t, d) in it: these keys do nothing on the page.
    await ui.page.keyboard.type('echo 99');
    await ui.page.waitForTimeout(300);
    assert.equal((await app.terminalScreen(term).innerText()).includes('echo 99'), false, 'typed keys did not reach the shell');
    // Focus is on the page again: its shortcuts work (? opens the help).
    await press('?');
    await ui.page.getByTestId('keyboard-help').waitFor({ timeout: WAIT_MS });
    await press('Escape');
    await ui.page.getByTestId('keyboard-help').waitFor({ state: 'detached', timeout: WAIT_MS });
  });
});
