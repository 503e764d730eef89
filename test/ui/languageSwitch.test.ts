// The language changes at run time: the sidebar's picker switches the whole UI between English
// and Simplified Chinese without a reload (the page's state stays: an open screen, a value the test
// left on the window), <html lang> follows, and "System" goes back to the browser's language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { translator } from '../../renderer/src/i18n/translate.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { UI_LANGUAGE } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

describe('switching the language at run time', () => {
  let ui: UiSession;

  before(async () => {
    ui = await openUiSession();
    await ui.page.goto(ui.url);
    await ui.page.getByTestId('nav-stacks').waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    await ui?.close();
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
});
