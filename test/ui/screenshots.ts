// Where UI tests put their screenshots: test-results/ at the project root (not committed), one
// file per screen state and language (name.en.png, name.zh-CN.png), named for what it shows, so a
// person can look at every state a test saw.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { UI_LANGUAGE } from './uiLanguage.ts';

export const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

export async function screenshot(page: Page, name: string, o: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.${UI_LANGUAGE}.png`);
  await page.screenshot({ path, ...o });
  return path;
}
