// The keyboard in the app, in a real Chromium against the real engine: the help overlay on ? (and
// not while typing), Escape closing it, the environment dialog and the teardown confirmation,
// arrows in the stack list, the shortcuts for new environment, logs, terminal, search and
// teardown, and a visible focus ring. Screenshots go to test-results/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { removeAll } from '../integration/harness.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { ui as uiText } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const prefix = `byuikeys${process.pid.toString(36)}`;
// Sorted by name in the list: a, b, c.
const STACKS = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
const docker = new Docker();
const k = uiText('keyboard');

const focusedTestId = (page: Page) => page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null');

async function waitForExpr(page: Page, expression: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the keyboard in the app', () => {
  let ui: UiSession;
  const shot = (name: string) => screenshot(ui.page, `keyboard-${name}`);
  const press = (keys: string) => ui.page.keyboard.press(keys);

  before(async () => {
    await removeAll(prefix);
    for (const stack of STACKS) {
      const c = await docker.createContainer({
        name: `${stack}-web`,
        Image: 'branchyard-test/debian:bookworm',
        Cmd: ['bash', '-c', 'trap "exit 143" TERM; echo "hello from $HOSTNAME"; sleep infinity & wait'],
        Labels: { [LABEL.stack]: stack, [LABEL.service]: 'web' },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
    }
    ui = await openUiSession();
    await ui.page.goto(ui.url);
    for (const stack of STACKS) await ui.app.stack(stack).waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    await ui?.close();
    await removeAll(prefix);
  });

  test('? opens the help with every shortcut, Escape closes it and focus goes back', async () => {
    await ui.app.openStack(STACKS[0]);
    assert.equal(await focusedTestId(ui.page), `stack-${STACKS[0]}`);
    await press('?');
    const help = ui.page.getByTestId('keyboard-help');
    await help.waitFor({ timeout: WAIT_MS });
    for (const text of [k('action_newEnvironment'), k('action_teardown'), k('terminal_leave'), 'Ctrl', 'Shift']) {
      assert.ok((await help.innerText()).includes(text), `the help names ${text}`);
    }
    assert.equal(await help.getByTestId('keyboard-help-row').count(), 6 + 4 + 3);
    await shot('help');
    // Tab stays inside the dialog.
    await press('Tab');
    assert.equal(await focusedTestId(ui.page), 'keyboard-help-close');
    await press('Escape');
    await help.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), `stack-${STACKS[0]}`, 'focus is back where it was');
  });

  test('arrows move the selection in the stack list, and the focus with it', async () => {
    // Other stacks on this engine may sit in the list too: steps are checked against its order.
    const order = await ui.page.getByTestId('stack-list').locator('[data-testid^="stack-"].stack-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('stack-'.length)));
    const at = order.indexOf(STACKS[0]);
    assert.ok(at >= 0 && at + 1 < order.length, `${STACKS[0]} has a stack after it in ${order.join(', ')}`);
    const view = (name: string) => ui.page.getByTestId('stack-view').getByRole('heading', { name, exact: true }).or(ui.page.getByTestId('stack-view').filter({ hasText: name })).first();
    await ui.app.stack(STACKS[0]).click();
    await press('ArrowDown');
    await view(order[at + 1]).waitFor({ timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), `stack-${order[at + 1]}`);
    assert.match((await ui.app.stack(order[at + 1]).getAttribute('class')) ?? '', /selected/);
    await press('End');
    await view(order[order.length - 1]).waitFor({ timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), `stack-${order[order.length - 1]}`);
    await press('Home');
    assert.equal(await focusedTestId(ui.page), `stack-${order[0]}`);
    await ui.app.stack(STACKS[1]).click();
    await press('ArrowUp');
    await view(STACKS[0]).waitFor({ timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), `stack-${STACKS[0]}`);
    // The focus ring shows where the keyboard is (Chromium shows :focus-visible after a key).
    const outline = await ui.page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    assert.notEqual(outline, 'none', 'a focused stack shows a focus ring');
    await shot('stack-list-focus');
  });

  test('n opens a new environment, Escape closes it', async () => {
    await press('n');
    const dialog = ui.page.getByTestId('environment-dialog');
    await dialog.waitFor({ timeout: WAIT_MS });
    await press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  test('Shift+D asks to tear down the open stack, focus on Cancel, and Escape takes it back', async () => {
    await ui.app.openStack(STACKS[1]);
    await press('Shift+D');
    const box = ui.page.getByTestId('stack-down-confirm-box');
    await box.waitFor({ timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), 'stack-down-cancel', 'the safe choice has the focus');
    await shot('teardown-confirm');
    await press('Escape');
    await box.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await ui.page.getByTestId('stack-outcome').count(), 0, 'nothing was torn down');
    await ui.app.stack(STACKS[1]).waitFor({ timeout: WAIT_MS });
  });

  test('l opens the logs of the open stack, / its search; typing in a field is text, not shortcuts', async () => {
    await ui.app.openStack(STACKS[1]);
    await press('l');
    await ui.page.getByTestId('logs-panel').waitFor({ timeout: WAIT_MS });
    await ui.app.waitForLogLine('hello from');
    await press('/');
    assert.equal(await focusedTestId(ui.page), 'log-search-input');
    await ui.page.keyboard.type('?nlt');
    assert.equal(await ui.page.getByTestId('log-search-input').inputValue(), '?nlt');
    assert.equal(await ui.page.getByTestId('keyboard-help').count(), 0, 'no help while typing');
    assert.equal(await ui.page.getByTestId('environment-dialog').count(), 0);
  });

  test('t opens a terminal in the open stack; ? in it is typed; / after Ctrl+Shift+X opens its search', async () => {
    await ui.app.stack(STACKS[2]).click();
    await press('t');
    const dialog = ui.page.getByTestId('terminal-open');
    await dialog.waitFor({ timeout: WAIT_MS });
    // Focus starts on Open: Enter opens with the default shell.
    await press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    const term = ui.page.locator('[data-testid^="terminal-"][data-service="web"]').last();
    await ui.app.terminalScreen(term).waitFor({ timeout: WAIT_MS });
    await waitForExpr(ui.page, 'Boolean(document.activeElement?.closest(".xterm"))');
    await ui.page.keyboard.type('echo "q?$((2*21))"');
    await press('Enter');
    await ui.app.waitForTerminalText(term, 'q?42');
    assert.equal(await ui.page.getByTestId('keyboard-help').count(), 0, 'a ? typed in a terminal is the shell’s');
    await press('Control+Shift+X');
    await press('/');
    await ui.page.getByTestId('terminal-search').waitFor({ timeout: WAIT_MS });
    assert.equal(await focusedTestId(ui.page), 'terminal-search-input');
    await shot('terminal-search');
    await press('Escape');
    // t again with a terminal shown: back into it.
    await press('Control+Shift+X');
    await press('t');
    await waitForExpr(ui.page, 'Boolean(document.activeElement?.closest(".xterm"))');
  });

  test('a shortcut that needs an open stack says so when none is open', async () => {
    await ui.page.getByTestId('nav-captures').click();
    await ui.page.getByTestId('nav-captures').focus();
    await press('Shift+D');
    await ui.page.getByTestId('keyboard-note').filter({ hasText: k('noStack') }).waitFor({ timeout: WAIT_MS });
  });
});
