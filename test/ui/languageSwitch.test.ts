// The language changes at run time: the sidebar's picker switches the whole UI between English
// and Simplified Chinese without a reload (the page's state stays: an open screen, a value the test
// left on the window), <html lang> follows, and "System" goes back to the browser's language.
// What the page said earlier (an operation's outcome) is reworded too.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { translator } from '../../renderer/src/i18n/translate.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { UI_LANGUAGE } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const STACK = `byuilang${process.pid.toString(36)}${Date.now().toString(36)}`;
const docker = new Docker();

describe('switching the language at run time', () => {
  let ui: UiSession;
  let container: Docker.Container | undefined;

  before(async () => {
    container = await docker.createContainer({
      name: `${STACK}-web`,
      Image: 'branchyard-test/debian:bookworm',
      Cmd: ['bash', '-c', 'trap "exit 143" TERM; sleep infinity & wait'],
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    ui = await openUiSession();
    await ui.page.goto(ui.url);
    await ui.page.getByTestId('nav-stacks').waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    await ui?.close();
    await container?.remove({ force: true }).catch(() => {});
  });

  const htmlLang = () => ui.page.evaluate<string>('document.documentElement.lang');

  /** The screen shows `lang`: the navigation, the New environment button, the Templates screen's title. */
  async function shows(lang: 'en' | 'zh-CN'): Promise<void> {
    const { page } = ui;
    const layout = translator(lang, 'layout');
    await page.getByTestId('nav-stacks').filter({ hasText: layout('stacks') }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.getByTestId('nav-templates').innerText(), layout('templates'));
    assert.equal(await page.getByTestId('new-environment').innerText(), layout('newEnvironment'));
    assert.equal(await page.getByTestId('templates-view').locator('h1').innerText(), translator(lang, 'templates')('title'));
    assert.equal(await htmlLang(), lang);
  }

  test('the picker switches every text and <html lang> without a reload; System follows the browser', async () => {
    const { page } = ui;
    assert.equal(await htmlLang(), UI_LANGUAGE, 'the page starts in the browser’s language');
    await page.getByTestId('nav-templates').click();
    await page.getByTestId('templates-view').waitFor({ timeout: WAIT_MS });
    // Survives only if the page is not loaded again.
    await page.evaluate('window.__notReloaded = true');

    const picker = page.getByTestId('language-picker');
    await picker.selectOption('zh-CN');
    await shows('zh-CN');
    await screenshot(page, 'language-switched-to-zh-CN');
    await picker.selectOption('en');
    await shows('en');
    await screenshot(page, 'language-switched-to-en');
    assert.equal(await page.evaluate<boolean>('window.__notReloaded === true'), true, 'no reload');
    assert.equal(await page.locator('[data-testid="nav-templates"].active').count(), 1, 'the open screen stays open');

    await picker.selectOption('system');
    await shows(UI_LANGUAGE);
    // The System entry names the language it stands for, in that language.
    assert.equal(await picker.locator('option[value="system"]').innerText(), translator(UI_LANGUAGE, 'layout')('languageSystem', { language: UI_LANGUAGE === 'zh-CN' ? '简体中文' : 'English' }));
    assert.equal(await page.evaluate<boolean>('window.__notReloaded === true'), true, 'no reload');
  });

  test('what the page said before the switch is said again in the new language', async () => {
    const { app, page } = ui;
    const picker = page.getByTestId('language-picker');
    await picker.selectOption('en');
    await page.getByTestId('nav-stacks').click();
    await app.openStack(STACK);
    await app.waitForServiceState('web', 'running');
    await app.stackButton(translator('en', 'stacks')('stop')).click();
    const outcome = page.getByTestId('stack-outcome');
    await outcome.filter({ hasText: translator('en', 'stacks')('done_stop', { services: 'web' }) }).waitFor({ timeout: 30_000 });
    await picker.selectOption('zh-CN');
    await outcome.filter({ hasText: translator('zh-CN', 'stacks')('done_stop', { services: 'web' }) }).waitFor({ timeout: WAIT_MS });
    await app.waitForServiceState('web', 'stopped', 30_000);
    assert.equal(await app.serviceState('web').innerText(), translator('zh-CN', 'stacks')('serviceState_exited'));
    await screenshot(page, 'language-switched-outcome-zh-CN');
    await picker.selectOption('system');
  });
});
