// Page object of the New environment / Update dialog: what a user does in it, by the accessible
// names a user and a screen reader rely on ("New environment", "Branch", "Start"), in the run's language.

import type { Locator, Page } from 'playwright-core';
import { WAIT_MS } from './appPage.ts';
import { ui } from './uiLanguage.ts';

const E = ui('environments');

export class EnvironmentDialog {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async openNew(): Promise<void> {
    // A dialog a failed test left open would sit over the button.
    if (await this.dialog().count()) await this.close();
    await this.page.getByRole('button', { name: ui('layout')('newEnvironment') }).click();
    await this.dialog().waitFor({ timeout: WAIT_MS });
  }

  /** Picks a template by its id (the option's label is its name, with its problems). */
  async chooseTemplate(id: string): Promise<void> {
    await this.dialog().getByLabel(E('template')).selectOption({ value: id });
  }

  async typeBranch(branch: string): Promise<void> {
    await this.dialog().getByLabel(E('branch')).fill(branch);
  }

  /** Waits until the plan for what the fields say is shown, and returns its stack name. */
  async waitForPlan(stack: string): Promise<void> {
    await this.dialog().getByTestId('env-stack').filter({ hasText: new RegExp(`^${stack}$`) }).waitFor({ timeout: WAIT_MS });
    await this.dialog().getByTestId('plan').waitFor({ timeout: WAIT_MS });
  }

  /** The template's profiles, a group of checkboxes named for the profile and what it adds. */
  profiles(): Locator {
    return this.dialog().getByRole('group', { name: E('profiles') });
  }

  profile(name: string): Locator {
    return this.profiles().getByRole('checkbox', { name: new RegExp(`^${name} `) });
  }

  planRows(): Locator {
    return this.dialog().getByTestId('plan-row');
  }

  problems(): Locator {
    return this.dialog().getByTestId('env-problem');
  }

  async start(which: 'start' | 'update' = 'start'): Promise<void> {
    await this.dialog().getByRole('button', { name: E(which), exact: true }).click();
    await this.dialog().getByTestId('launch').waitFor({ timeout: WAIT_MS });
  }

  serviceRow(service: string): Locator {
    return this.dialog().getByTestId(`launch-${service}`);
  }

  async waitForPhase(service: string, phase: string, timeout = WAIT_MS): Promise<void> {
    await this.page.locator(`[data-testid="launch-${service}"][data-phase="${phase}"]`).waitFor({ timeout });
  }

  /** Waits for the launch to end in `state` (ready, failed, cancelled); a timeout says what it showed. */
  async waitForEnd(state: 'ready' | 'failed' | 'cancelled', timeout = 60_000): Promise<string> {
    const launch = this.dialog().locator(`[data-testid="launch"][data-state="${state}"]`);
    try {
      await launch.waitFor({ timeout });
    } catch (e) {
      const shown = await this.dialog().innerText().catch(() => '(no dialog)');
      throw new Error(`the launch did not end ${state} within ${timeout} ms; the dialog showed:\n${shown}`, { cause: e });
    }
    return launch.getByTestId('launch-outcome').innerText();
  }

  async cancel(): Promise<void> {
    await this.dialog().getByRole('button', { name: ui('common')('cancel'), exact: true }).click();
  }

  async close(): Promise<void> {
    await this.dialog().getByRole('button', { name: ui('common')('close') }).click();
    await this.dialog().waitFor({ state: 'detached', timeout: WAIT_MS });
  }
}
