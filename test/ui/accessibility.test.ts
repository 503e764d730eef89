// Accessibility of every screen, in both themes, against the real engine: axe-core (the rules
// behind Chrome's Lighthouse) runs in the page on the stack list, a stack with its services, one
// with a failed service, the teardown confirmation, the log dock with search results, a terminal,
// the New environment dialog with its plan, Templates (also one with a problem marked) and
// Captures, once with the system in dark mode and once in light mode (the app's theme setting is
// 'system': it follows). Serious or critical violations fail the test, each listed with its rule,
// the element and what to do. The run's language is BRANCHYARD_UI_LANGUAGE (uiLanguage.ts).
// Screenshots of every screen go to test-results/a11y-<theme>-<screen>.<lang>.png.
// Last, the theme picker switches the page and an open terminal at run time.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { IMAGES, cli, removeAll, tempDir } from '../integration/harness.ts';
import { AppPage, WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { LOCALE, ui as uiText } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const prefix = `byuia11y${process.pid.toString(36)}`;
const STACK = `${prefix}-shop`;
const GONE = `${prefix}-gone`;
const FAILED = `${prefix}-fail`;
const tmp = tempDir();

const shopFile = tmp.write(
  'shop.yml',
  `
name: ${prefix}
x-branchyard:
  subnet: 10.231.61.0/24
services:
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    command: [redis-server, --protected-mode, "no", --bind, 0.0.0.0]
    x-ip: 12
  app:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; echo app ready; echo 'warning: slow start' >&2; sleep infinity & wait"]
    depends_on: { redis: { condition: service_healthy } }
    x-ip: 20
`,
);

const goneFile = tmp.write(
  'gone.yml',
  `
name: ${prefix}g
x-branchyard:
  subnet: 10.231.62.0/24
services:
  job:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; echo job done; sleep infinity & wait"]
    x-ip: 10
`,
);

const failFile = tmp.write(
  'fail.yml',
  `
name: ${prefix}f
x-branchyard:
  subnet: 10.231.63.0/24
services:
  boom:
    image: ${IMAGES.app}
    command: [sh, -c, "echo going down >&2; exit 3"]
    x-ip: 10
  after:
    image: ${IMAGES.app}
    depends_on: { boom: { condition: service_completed_successfully } }
    x-ip: 11
`,
);

// A template with a problem: its file is shown with the problem marked at its line.
const badTemplate = `name: ${prefix}b
services:
  web:
    image: ${IMAGES.app}
    x-ip: 999
`;

const template = `name: ${prefix}t
services:
  web:
    image: ${IMAGES.app}
    x-ip: 10
`;

interface AxeNode {
  target: unknown[];
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core in the page: its serious and critical violations, one line per element, and the
 * moderate and minor ones (printed, not failed on: worth reading, not a blocker).
 */
async function axeViolations(page: Page): Promise<{ serious: string[]; other: string[]; passed: number }> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  // A string: this file is type-checked without the DOM's types (axe lives in the page).
  const result = (await page.evaluate('axe.run(document).then((r) => ({ violations: r.violations, passed: r.passes.length }))')) as {
    violations: AxeViolation[];
    passed: number;
  };
  const lines = (vs: AxeViolation[]) => vs.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${JSON.stringify(n.target)} — ${v.help} (${v.helpUrl})`));
  const isSerious = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';
  return { serious: lines(result.violations.filter(isSerious)), other: lines(result.violations.filter((v) => !isSerious(v))), passed: result.passed };
}

describe('accessibility of every screen, in both themes', () => {
  let ui: UiSession;
  let page: Page;
  let app: AppPage;

  before(async () => {
    await removeAll(prefix);
    const up = await cli(['up', shopFile, '--name', STACK, '--wait', '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    const gone = await cli(['up', goneFile, '--name', GONE, '--wait', '--timeout', '60']);
    assert.equal(gone.code, 0, gone.stderr);
    const failing = await cli(['up', failFile, '--name', FAILED]);
    assert.equal(failing.code, 1, 'boom fails the up');
    ui = await openUiSession();
    // Torn down after the session exists: its capture lands in the session's capture folder.
    const down = await cli(['down', GONE]);
    assert.equal(down.code, 0, down.stderr);
    const templates = join(process.env.BRANCHYARD_DATA_DIR!, 'templates');
    mkdirSync(templates, { recursive: true });
    writeFileSync(join(templates, 'shop.yml'), template);
    writeFileSync(join(templates, 'bad.yml'), badTemplate);
    // A page of its own that lets axe's script in past the server's Content-Security-Policy.
    await ui.page.close();
    page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 }, ...LOCALE, bypassCSP: true });
    app = new AppPage(page);
  });

  after(async () => {
    await ui?.close();
    await removeAll(prefix);
    tmp.remove();
  });

  for (const theme of ['dark', 'light'] as const) {
    describe(`${theme} theme`, () => {
      const problems: string[] = [];
      /**
       * Shows a screen, checks it as shown (keeping a screenshot), then leaves it with `leave`
       * whatever the outcome, so one failing screen does not block the next ones.
       */
      const check = async (screen: string, show: () => Promise<void>, leave?: () => Promise<void>) => {
        let found: string[];
        try {
          await show();
          await page.waitForFunction(`document.documentElement.dataset.theme === ${JSON.stringify(theme)}`, undefined, { timeout: WAIT_MS });
          await screenshot(page, `a11y-${theme}-${screen}`);
          const axe = await axeViolations(page);
          // axe found nothing to check: it did not run on the app (an empty page passes everything).
          assert.ok(axe.passed > 10, `${screen}: axe passed only ${axe.passed} rules`);
          if (axe.other.length) console.log(`${theme} theme, ${screen} (moderate/minor, not failed on):\n  ${axe.other.join('\n  ')}`);
          found = axe.serious;
        } finally {
          await leave?.().catch((e) => console.log(`${screen}: could not leave the screen: ${e}`));
        }
        problems.push(...found.map((f) => `${screen}: ${f}`));
        assert.deepEqual(found, [], `${theme} theme, ${screen}: serious or critical accessibility violations`);
      };

      before(async () => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(ui.url);
        await app.stack(STACK).waitFor({ timeout: WAIT_MS });
      });

      after(() => {
        if (problems.length) console.log(`${theme} theme:\n  ${problems.join('\n  ')}`);
      });

      test('stack list', () => check('stack-list', async () => {}));

      test('stack view with its services', () =>
        check('stack-view', async () => {
          await app.openStack(STACK);
          // By the state's class, not its words: the same in both languages, whichever part is translated yet.
          for (const service of ['app', 'redis']) await app.serviceState(service).and(page.locator('.state-running')).waitFor({ timeout: WAIT_MS });
          // Where the user is, for a screen reader too: the open stack and screen are the current ones.
          assert.equal(await app.stack(STACK).getAttribute('aria-current'), 'page');
          assert.equal(await page.getByTestId('nav-stacks').getAttribute('aria-current'), 'page');
          assert.equal(await page.getByTestId('nav-templates').getAttribute('aria-current'), null);
        }));

      test('a stack with a failed service and one never started', () =>
        check(
          'failed-service',
          async () => {
            await app.openStack(FAILED);
            await app.serviceState('boom').and(page.locator('.state-failed')).waitFor({ timeout: WAIT_MS });
          },
          () => app.openStack(STACK),
        ));

      test('teardown confirmation', () =>
        check(
          'teardown-confirm',
          async () => {
            await page.getByTestId('stack-down').click();
            await page.getByTestId('stack-down-confirm-box').waitFor({ timeout: WAIT_MS });
          },
          () => page.getByTestId('stack-down-cancel').click({ timeout: WAIT_MS }),
        ));

      test('log dock', () =>
        check('log-dock', async () => {
          await page.getByTestId('stack-logs').click();
          await app.waitForLogLine('app ready');
          await app.waitForLogLine('warning: slow start');
          // Search results, with their matches marked, over the lines.
          await (await app.searchLogs('ready')).first().waitFor({ timeout: WAIT_MS });
        }));

      test('terminal dock', () =>
        check(
          'terminal-dock',
          async () => {
            const terminal = await app.openTerminal('app');
            await app.typeLine(terminal, 'echo terminal-$((40+2))');
            await app.waitForTerminalText(terminal, 'terminal-42');
          },
          async () => {
            const closers = page.locator('[data-testid^="dock-close-"]');
            while (await closers.count()) await closers.first().click({ timeout: WAIT_MS });
          },
        ));

      test('new environment dialog with its plan', () =>
        check(
          'new-environment',
          async () => {
            await page.getByTestId('new-environment').click();
            const dialog = page.getByTestId('environment-dialog');
            await dialog.getByTestId('env-template').selectOption({ value: 'shop' });
            await dialog.getByTestId('env-branch').fill('feature/a11y');
            await dialog.getByTestId('plan').waitFor({ timeout: WAIT_MS });
          },
          async () => {
            await page.getByTestId('environment-dialog-close').click({ timeout: WAIT_MS });
            await page.getByTestId('environment-dialog').waitFor({ state: 'detached', timeout: WAIT_MS });
          },
        ));

      test('templates, with one open', () =>
        check('templates', async () => {
          await page.getByTestId('nav-templates').click();
          await page.getByTestId('templates-view').waitFor({ timeout: WAIT_MS });
          await app.openTemplate('shop');
        }));

      test('a template with a problem marked in its file', () =>
        check('template-problem', async () => {
          const panel = await app.openTemplate('bad');
          await panel.getByTestId('issue-note').first().waitFor({ timeout: WAIT_MS });
        }));

      test('captures, with one open', () =>
        check(
          'captures',
          async () => {
            await page.getByTestId('nav-captures').click();
            await page.getByTestId('captures-view').waitFor({ timeout: WAIT_MS });
            const row = app.capturesOf(GONE).first();
            await row.waitFor({ timeout: WAIT_MS });
            await row.click();
            await page.getByTestId('capture-detail').waitFor({ timeout: WAIT_MS });
          },
          () => page.getByTestId('nav-stacks').click({ timeout: WAIT_MS }),
        ));
    });
  }

  test('the theme picker switches the page and an open terminal at run time; System follows the system live', async () => {
    const colours = () =>
      page.evaluate(`(() => {
        // The background of the palette xterm.js was handed (its screen is a WebGL canvas).
        const rows = document.querySelector('[data-testid^="terminal-"] [data-theme-background]');
        return {
          theme: document.documentElement.dataset.theme,
          page: getComputedStyle(document.body).backgroundColor,
          terminal: rows ? rows.dataset.themeBackground : 'no terminal',
        };
      })()`) as Promise<{ theme: string; page: string; terminal: string }>;
    const DARK = { theme: 'dark', page: 'rgb(20, 24, 29)', terminal: '#101317' };
    const LIGHT = { theme: 'light', page: 'rgb(244, 246, 248)', terminal: '#fbfcfd' };
    const until = async (want: typeof DARK, what: string) => {
      const deadline = Date.now() + WAIT_MS;
      while (JSON.stringify(await colours()) !== JSON.stringify(want)) {
        if (Date.now() > deadline) assert.deepEqual(await colours(), want, what);
        await page.waitForTimeout(50);
      }
    };
    const picker = page.getByTestId('theme-picker');
    const t = uiText('theme');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(ui.url);
    await app.openStack(STACK);
    await app.openTerminal('redis');
    assert.equal(await picker.inputValue(), 'system', "the default setting is 'system'");
    assert.equal(await picker.locator('option[value="system"]').innerText(), t('system', { theme: t('dark') }));
    await until(DARK, 'system in dark mode: the dark theme');

    await picker.selectOption('light');
    await until(LIGHT, 'Light chosen while the system is dark');
    await screenshot(page, 'theme-light-chosen');
    await page.emulateMedia({ colorScheme: 'dark' });
    await until(LIGHT, 'a chosen theme does not follow the system');

    await picker.selectOption('system');
    await until(DARK, 'back to System: dark again');
    await page.emulateMedia({ colorScheme: 'light' });
    await until(LIGHT, 'System follows the system switching to light, without a reload');
    assert.equal(await picker.locator('option[value="system"]').innerText(), t('system', { theme: t('light') }));

    await picker.selectOption('dark');
    await until(DARK, 'Dark chosen while the system is light');
    await screenshot(page, 'theme-dark-chosen');
  });
});
