// Page object of the UI: tests say what they do ("open the logs of web"), this file knows how
// (which data-testid). Waits are bounded; a missed one fails with what was expected.

import type { Locator, Page } from 'playwright-core';
import { ui } from './uiLanguage.ts';

export const WAIT_MS = 10_000;

export class AppPage {
  constructor(readonly page: Page) {}

  app(): Locator {
    return this.page.getByTestId('app');
  }

  stack(name: string): Locator {
    return this.page.getByTestId(`stack-${name}`);
  }

  service(name: string): Locator {
    return this.page.getByTestId('services-table').getByTestId(`service-${name}`);
  }

  async openStack(name: string): Promise<void> {
    await this.stack(name).click();
    await this.page.getByTestId('stack-view').waitFor({ timeout: WAIT_MS });
  }

  serviceState(name: string): Locator {
    return this.service(name).getByTestId('service-state');
  }

  /**
   * Waits until the service's state is `state`: the pill's data-state, one word in every language
   * (running, stopped, failed, not-started, missing, restarting, ...).
   */
  async waitForServiceState(name: string, state: string, timeout = WAIT_MS): Promise<void> {
    await this.service(name).locator(`[data-testid="service-state"][data-state="${state}"]`).waitFor({ timeout });
  }

  async openServiceLogs(name: string): Promise<void> {
    await this.service(name).getByTestId('service-logs').click();
    await this.page.getByTestId('logs-panel').waitFor({ timeout: WAIT_MS });
  }

  logLine(text: string): Locator {
    return this.page.getByTestId('log-list').getByTestId('log-line').filter({ hasText: text });
  }

  /** Waits for a line in the log view; a timeout says what the view showed instead. */
  async waitForLogLine(text: string): Promise<void> {
    try {
      await this.logLine(text).first().waitFor({ timeout: WAIT_MS });
    } catch (e) {
      const panel = await this.page.getByTestId('logs-panel').innerText().catch(() => '(no log view)');
      throw new Error(`no log line with '${text}' within ${WAIT_MS} ms; the log view showed:\n${panel}`, { cause: e });
    }
  }

  async searchLogs(pattern: string, o: { regex?: boolean } = {}): Promise<Locator> {
    await this.page.getByTestId('log-search-input').fill(pattern);
    if (o.regex) await this.page.getByTestId('log-search-regex').check();
    await this.page.getByTestId('log-search-button').click();
    return this.page.getByTestId('log-search-results').getByTestId('log-search-match');
  }

  /**
   * Opens a terminal on the service through its open dialog (shell: auto, bash, sh or a command;
   * user) and returns the xterm screen.
   */
  async openTerminal(name: string, o: { shell?: 'auto' | 'bash' | 'sh' | 'command'; command?: string; user?: string } = {}): Promise<Locator> {
    const before = await this.page.locator(`[data-testid^="terminal-"][data-service="${name}"]`).count();
    await this.service(name).getByTestId('service-terminal').click();
    const dialog = this.page.getByTestId('terminal-open');
    await dialog.waitFor({ timeout: WAIT_MS });
    await dialog.getByTestId(`terminal-shell-${o.shell ?? 'auto'}`).check();
    if (o.command !== undefined) await dialog.getByTestId('terminal-open-command').fill(o.command);
    await dialog.getByTestId('terminal-open-user').fill(o.user ?? '');
    await dialog.getByTestId('terminal-open-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    const host = this.page.locator(`[data-testid^="terminal-"][data-service="${name}"]`).nth(before);
    await this.terminalScreen(host).waitFor({ timeout: WAIT_MS });
    return host;
  }

  /**
   * The text of a terminal's screen as a screen reader gets it: the WebGL renderer draws on a
   * canvas, so the rows are read from xterm.js's accessibility tree, which every renderer keeps.
   */
  terminalScreen(terminal: Locator): Locator {
    return terminal.locator('.xterm-accessibility-tree');
  }

  /** Waits until the terminal's screen shows `text`; a timeout says what it showed instead. */
  async waitForTerminalText(terminal: Locator, text: string | RegExp, timeout = WAIT_MS): Promise<void> {
    try {
      await this.terminalScreen(terminal).filter({ hasText: text }).waitFor({ timeout });
    } catch (e) {
      const shown = await this.terminalScreen(terminal).innerText().catch(() => '(no screen)');
      throw new Error(`the terminal did not show ${text} within ${timeout} ms; it showed:\n${shown}`, { cause: e });
    }
  }

  /** Types into the focused terminal like a user, then Enter. */
  async typeLine(terminal: Locator, text: string): Promise<void> {
    await terminal.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Asks the shell for its size (`stty size`), as the program in the container sees it. */
  async terminalSize(terminal: Locator, tag: string): Promise<{ rows: number; cols: number }> {
    const marker = `size-${tag}`;
    // Retried: a resize reaches the shell a moment after the window changed.
    const deadline = Date.now() + WAIT_MS;
    let last: { rows: number; cols: number } | undefined;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      await this.typeLine(terminal, `echo ${marker}-${attempt}=$(stty size)`);
      const screen = this.terminalScreen(terminal);
      const answer = new RegExp(`${marker}-${attempt}=(\\d+) (\\d+)`);
      await screen.filter({ hasText: answer }).waitFor({ timeout: WAIT_MS });
      const m = answer.exec(await screen.innerText());
      const size = { rows: Number(m?.[1]), cols: Number(m?.[2]) };
      if (last && size.cols === last.cols && size.rows === last.rows) return size;
      last = size;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`the terminal size did not settle within ${WAIT_MS} ms`);
  }

  /** A button of a service's row by its accessible name in the run's language: `ui('stacks')('stop')`. */
  serviceButton(service: string, name: string): Locator {
    return this.service(service).getByRole('button', { name, exact: true });
  }

  /** A button of the stack's toolbar by its accessible name in the run's language. */
  stackButton(name: string): Locator {
    return this.page.getByTestId('stack-toolbar').getByRole('button', { name, exact: true });
  }

  async serviceIp(name: string): Promise<string> {
    return (await this.service(name).getByTestId('service-ip').innerText()).trim();
  }

  /** Waits until the outcome line of the stack's last operation matches `pattern`, and returns it. */
  async waitForOutcome(pattern: RegExp, timeout = 60_000): Promise<string> {
    const outcome = this.page.getByTestId('stack-outcome').filter({ hasText: pattern });
    try {
      await outcome.waitFor({ timeout });
    } catch (e) {
      const shown = await this.page.getByTestId('stack-outcome').innerText().catch(() => '(no outcome)');
      throw new Error(`no outcome matching ${pattern} within ${timeout} ms; shown: ${shown}`, { cause: e });
    }
    return outcome.innerText();
  }

  /** A connection string of a service: `redis`, `mysql` or `mongo`. */
  connection(service: string, kind: string): Locator {
    return this.page.getByTestId(`service-detail-${service}`).getByTestId(`connection-${kind}`);
  }

  /** Clicks a Copy button and returns what landed on the clipboard (the context must allow it). */
  async copy(button: Locator): Promise<string> {
    await button.click();
    await button.and(this.page.locator('[data-state="copied"]')).waitFor({ timeout: WAIT_MS });
    // A string: this file is type-checked without the DOM's types.
    return this.page.evaluate<string>('navigator.clipboard.readText()');
  }

  /** Opens the teardown confirmation of the open stack. */
  async askTearDown(): Promise<Locator> {
    await this.stackButton(ui('stacks')('tearDown')).click();
    const box = this.page.getByTestId('stack-down-confirm-box');
    await box.waitFor({ timeout: WAIT_MS });
    return box;
  }

  async openCaptures(): Promise<void> {
    await this.page.getByTestId('nav-captures').click();
    await this.page.getByTestId('captures-view').waitFor({ timeout: WAIT_MS });
  }

  /** The rows of the Captures screen for one stack. */
  capturesOf(stack: string): Locator {
    return this.page.getByTestId('captures-table').locator(`[data-testid^="capture-${stack}/"]`);
  }

  disconnectedBanner(): Locator {
    return this.page.getByTestId('banner-disconnected');
  }

  // --- Templates -------------------------------------------------------------------------------

  /** Opens the Templates screen by its nav entry, found as a user (or a screen reader) finds it. */
  async openTemplates(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('button', { name: ui('layout')('templates'), exact: true }).click();
    await this.page.getByTestId('templates-view').waitFor({ timeout: WAIT_MS });
  }

  template(id: string): Locator {
    return this.page.getByTestId('templates-table').getByTestId(`template-${id}`);
  }

  /** Picks a file to import (the page reads it), optionally names it, and waits for the preview. */
  async pickTemplateFile(path: string, name?: string): Promise<Locator> {
    await this.page.getByTestId('templates-import').click();
    const dialog = this.page.getByTestId('template-import');
    await dialog.getByTestId('template-import-file').setInputFiles(path);
    const summary = dialog.getByTestId('template-import-summary');
    await summary.waitFor({ timeout: WAIT_MS });
    if (name !== undefined) await dialog.getByLabel(ui('templates')('name')).fill(name);
    return summary;
  }

  /** Confirms the import (the button says how many problems come with it). */
  async confirmImport(): Promise<void> {
    await this.page.getByTestId('template-import-confirm').click();
  }

  /** Opens a template's file and waits for it. */
  async openTemplate(id: string): Promise<Locator> {
    await this.template(id).click();
    const panel = this.page.getByTestId('template-panel');
    await panel.getByTestId('template-file').waitFor({ timeout: WAIT_MS });
    return panel;
  }

  /** Removes a template, confirming. */
  async removeTemplate(): Promise<void> {
    const panel = this.page.getByTestId('template-panel');
    const remove = ui('templates')('remove');
    await panel.getByRole('button', { name: remove, exact: true }).click();
    await panel.getByTestId('template-remove-confirm-box').getByRole('button', { name: remove, exact: true }).click();
  }
}
