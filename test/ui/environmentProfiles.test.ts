// Compose profiles in the New environment dialog, in a real Chromium against the real engine: the
// template's profiles are checkboxes (each says which services it adds), none ticked plans the
// services without a profile, every tick changes the plan, Start runs what was ticked, and Update
// starts from the profiles the stack runs with (unticking one plans its services' removal).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { Locator } from 'playwright-core';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { WAIT_MS } from './appPage.ts';
import { EnvironmentDialog } from './environmentDialog.ts';
import { screenshot } from './screenshots.ts';
import { ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const E = msg('environments');
const IMAGE = 'branchyard-test/app:latest';
const TAG = `byuip${process.pid.toString(36)}${Date.now().toString(36)}`;
const docker = new Docker();

const template = `name: ${TAG}
services:
  web:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; sleep infinity & wait"]
  adminer:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; sleep infinity & wait"]
    profiles: [debug]
  mailhog:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; sleep infinity & wait"]
    profiles: [debug, mail]
`;

async function removeStacks(): Promise<void> {
  const mine = (await docker.listContainers({ all: true, filters: { label: [LABEL.stack] } })).filter((c) => c.Labels[LABEL.stack]?.startsWith(TAG));
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  const nets = (await docker.listNetworks()).filter((n) => n.Name.startsWith(TAG));
  await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
}

/** Waits until `locator` matches `n` elements (the plan is asked for again, debounced, after each tick). */
async function countIs(locator: Locator, n: number): Promise<void> {
  const end = Date.now() + WAIT_MS;
  while ((await locator.count()) !== n) {
    if (Date.now() > end) throw new Error(`${n} elements wanted, ${await locator.count()} there`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runningServices(stack: string): Promise<string[]> {
  const list = await docker.listContainers({ filters: { label: [`${LABEL.stack}=${stack}`] } });
  return list.map((c) => c.Labels[LABEL.service]!).sort();
}

describe('profiles in the New environment dialog', () => {
  let ui: UiSession;
  let env: EnvironmentDialog;
  const stack = `${TAG}-main`;

  /** The services the plan shown now has rows for, once it has settled on `want`. */
  async function planServices(want: string[]): Promise<string[]> {
    const rows = env.planRows().and(ui.page.locator('[data-kind="service"]'));
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const texts = await rows.allInnerTexts().catch(() => []);
      const services = ['web', 'adminer', 'mailhog'].filter((s) => texts.some((t) => new RegExp(`\\b${s}\\b`).test(t))).sort();
      if (JSON.stringify(services) === JSON.stringify([...want].sort()) || Date.now() > end) return services;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    ui = await openUiSession();
    env = new EnvironmentDialog(ui.page);
    const templates = join(process.env.BRANCHYARD_DATA_DIR!, 'templates');
    mkdirSync(templates, { recursive: true });
    writeFileSync(join(templates, 'tools.yml'), template);
    await ui.page.goto(ui.url);
  });

  after(async () => {
    await ui?.close();
    await removeStacks();
  });

  test('none ticked plans the services without a profile; each tick changes the plan; Start runs what was ticked', async () => {
    const { page } = ui;
    await env.openNew();
    await env.chooseTemplate('tools');
    await env.typeBranch('main');
    await env.waitForPlan(stack);
    assert.equal(await env.profiles().count(), 1, 'the template\'s profiles are offered');
    assert.equal(await env.profile('debug').isChecked(), false);
    assert.equal(await env.profile('mail').isChecked(), false);
    assert.match(await env.profiles().innerText(), new RegExp(E('profileAdds', { services: `adminer${E('serviceSeparator')}mailhog` }).replace(/[()]/g, '\\$&')));
    assert.deepEqual(await planServices(['web']), ['web']);
    await screenshot(page, 'new-environment-profiles-none');

    await env.profile('mail').check();
    assert.deepEqual(await planServices(['web', 'mailhog']), ['mailhog', 'web']);
    await env.profile('mail').uncheck();
    await env.profile('debug').check();
    assert.deepEqual(await planServices(['web', 'adminer', 'mailhog']), ['adminer', 'mailhog', 'web']);
    await screenshot(page, 'new-environment-profiles-debug');
    assert.equal((await docker.listNetworks()).some((n) => n.Name.startsWith(stack)), false, 'planning touched nothing');

    await env.start();
    await env.waitForEnd('ready');
    assert.deepEqual(await runningServices(stack), ['adminer', 'mailhog', 'web']);
    await env.close();
  });

  test('Update starts from the profiles the stack runs with; unticking one plans its services\' removal', async () => {
    const { page, app } = ui;
    await app.openStack(stack);
    await page.getByRole('button', { name: E('update'), exact: true }).click();
    await env.waitForPlan(stack);
    await env.profiles().waitFor({ timeout: WAIT_MS });
    assert.equal(await env.profile('debug').isChecked(), true, 'the stack runs adminer: debug is ticked');
    assert.equal(await env.profile('mail').isChecked(), true, 'and mailhog: mail is ticked');
    const kept = env.planRows().and(page.locator('[data-kind="service"][data-op="keep"]'));
    await countIs(kept, 3);
    assert.equal(await kept.count(), 3, 'nothing changes while the picks are those it runs with');
    await env.profile('debug').uncheck();
    await env.profile('mail').uncheck();
    const removed = env.planRows().and(page.locator('[data-kind="orphan"][data-op="remove"]'));
    await countIs(removed, 2);
    assert.deepEqual((await removed.allInnerTexts()).map((t) => /adminer|mailhog/.exec(t)?.[0]).sort(), ['adminer', 'mailhog']);
    await screenshot(page, 'update-profiles-unticked');
    await env.close();
  });
});
