// Creating and updating environments from the app, in a real Chromium against the real engine:
// the plan is shown before anything happens, Start shows each service's progress until healthy,
// a service that fails says why with its last log lines, Cancel stops a start that waits on a
// healthcheck that never passes and says what was left, a file with a problem shows it at its
// line and column and cannot be started, and Update says what it will recreate and why.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { WAIT_MS } from './appPage.ts';
import { EnvironmentDialog } from './environmentDialog.ts';
import { screenshot } from './screenshots.ts';
import { ANY, matching, ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const E = msg('environments');

const IMAGE = 'branchyard-test/app:latest';
const TAG = `byuin${process.pid.toString(36)}${Date.now().toString(36)}`;
const docker = new Docker();

// db turns healthy after 2 s; web waits for it. MODE is what the update test changes.
function shopTemplate(mode: string): string {
  return `name: ${TAG}
services:
  db:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; sleep 2; touch /tmp/ready; sleep infinity & wait"]
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 500ms, start_period: 30s }
    x-ip: 10
  web:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; echo web up; sleep infinity & wait"]
    environment: { MODE: ${mode} }
    depends_on: { db: { condition: service_healthy } }
    x-ip: 20
`;
}

const stuckTemplate = `name: ${TAG}x
services:
  slow:
    image: ${IMAGE}
    command: [sh, -c, "trap 'exit 0' TERM; sleep infinity & wait"]
    healthcheck: { test: [CMD, "false"], interval: 500ms, retries: 100000 }
    x-ip: 10
  app:
    image: ${IMAGE}
    depends_on: { slow: { condition: service_healthy } }
    x-ip: 11
`;

const failingTemplate = `name: ${TAG}f
services:
  broken:
    image: ${IMAGE}
    # Exits during its start period: the wait for healthy sees it fail (a service without a
    # healthcheck that dies at once may be seen running first, as compose would see it).
    command: [sh, -c, "echo connecting to the database; sleep 1; echo 'fatal: no database' >&2; exit 3"]
    healthcheck: { test: [CMD, "false"], interval: 10s, start_period: 60s }
    x-ip: 10
`;

const badTemplate = `name: ${TAG}b
services:
  web:
    image: ${IMAGE}
    x-ip: 999
`;

async function removeStacks(): Promise<void> {
  const mine = (await docker.listContainers({ all: true, filters: { label: [LABEL.stack] } })).filter((c) => c.Labels[LABEL.stack]?.startsWith(TAG));
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  const nets = (await docker.listNetworks()).filter((n) => n.Name.startsWith(TAG));
  await Promise.all(nets.map((n) => docker.getNetwork(n.Id).remove().catch(() => {})));
}

describe('new environment from the app', () => {
  let ui: UiSession;
  let env: EnvironmentDialog;
  let templates: string;

  before(async () => {
    ui = await openUiSession();
    env = new EnvironmentDialog(ui.page);
    templates = join(process.env.BRANCHYARD_DATA_DIR!, 'templates');
    mkdirSync(templates, { recursive: true });
    writeFileSync(join(templates, 'shop.yml'), shopTemplate('one'));
    writeFileSync(join(templates, 'stuck.yml'), stuckTemplate);
    writeFileSync(join(templates, 'failing.yml'), failingTemplate);
    writeFileSync(join(templates, 'bad.yml'), badTemplate);
    await ui.page.goto(ui.url);
  });

  after(async () => {
    await ui?.close();
    await removeStacks();
  });

  test('the plan first, then each service until healthy, on its fixed IP', async () => {
    const { page, app } = ui;
    await env.openNew();
    await env.chooseTemplate('shop');
    await env.typeBranch('feature/Login');
    const stack = `${TAG}-feature-login`;
    await env.waitForPlan(stack);
    const plan = await env.planRows().allInnerTexts();
    const network = env.planRows().and(page.locator('[data-kind="network"][data-op="create"]'));
    assert.equal(await network.count(), 1, `plan: ${plan.join(' | ')}`);
    assert.match(await network.innerText(), new RegExp(`^${E('op_create')}\\s+${matching(E('what_network', { name: `${stack}_default`, subnet: ANY })).source}`));
    assert.ok(plan.some((r) => matching(E('what_serviceOn', { service: 'db', ip: `${ANY}.10` })).test(r)), `plan: ${plan.join(' | ')}`);
    assert.ok(plan.some((r) => matching(E('what_serviceOn', { service: 'web', ip: `${ANY}.20` })).test(r)), `plan: ${plan.join(' | ')}`);
    assert.match(await env.dialog().getByTestId('env-subnet').innerText(), /^10\.\d+\.\d+\.0\/24$/);
    await screenshot(page, 'new-environment-plan');
    assert.equal((await docker.listNetworks()).some((n) => n.Name === stack), false, 'the plan touched nothing');

    await env.start();
    await env.waitForPhase('web', 'waiting');
    assert.equal(
      await env.serviceRow('web').getByTestId('launch-phase').innerText(),
      E('phase_waitingFor', { list: E('waitingOne', { service: 'db', condition: E('condition_healthy') }) }),
    );
    await screenshot(page, 'new-environment-progress');
    const outcome = await env.waitForEnd('ready');
    assert.match(outcome, matching(E('ready', { stack, count: 2, subnet: ANY, seconds: ANY })));
    assert.equal(await env.serviceRow('db').getAttribute('data-phase'), 'healthy');
    await screenshot(page, 'new-environment-ready');

    await env.dialog().getByRole('button', { name: E('openStack') }).click();
    await page.getByTestId('stack-view').waitFor({ timeout: WAIT_MS });
    await app.waitForServiceState('web', 'running');
    assert.match(await app.service('db').getByTestId('service-ip').innerText(), /\.10$/);
    assert.match(await app.service('web').getByTestId('service-ip').innerText(), /\.20$/);
  });

  test('Update shows what it recreates and why, and only that', async () => {
    const { page, app } = ui;
    const stack = `${TAG}-feature-login`;
    const dbBefore = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${stack}`, `${LABEL.service}=db`] } }))[0].Id;
    writeFileSync(join(templates, 'shop.yml'), shopTemplate('two'));
    await app.openStack(stack);
    await page.getByRole('button', { name: E('update') }).click();
    await env.waitForPlan(stack);
    const plan = await env.planRows().allInnerTexts();
    const recreate = await env.planRows().and(page.locator('[data-kind="service"][data-op="recreate"]')).allInnerTexts();
    assert.equal(recreate.length, 1, `plan: ${plan.join(' | ')}`);
    assert.ok(recreate[0].startsWith(E('op_recreate')) && recreate[0].includes('web') && /environment MODE/.test(recreate[0]), `plan: ${plan.join(' | ')}`);
    const keep = await env.planRows().and(page.locator('[data-kind="service"][data-op="keep"]')).allInnerTexts();
    assert.ok(keep.length === 1 && keep[0].startsWith(E('op_keep')) && keep[0].includes('db'), `plan: ${plan.join(' | ')}`);
    await screenshot(page, 'update-plan');
    await env.start('update');
    await env.waitForEnd('ready');
    const dbAfter = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${stack}`, `${LABEL.service}=db`] } }))[0].Id;
    assert.equal(dbAfter, dbBefore, 'db was kept');
    const web = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${stack}`, `${LABEL.service}=web`] } }))[0];
    const env2 = (await docker.getContainer(web.Id).inspect()).Config.Env;
    assert.ok(env2.includes('MODE=two'), `web's environment: ${env2.join(' ')}`);
    await env.close();
  });

  test('a service that fails says why, with its last log lines', async () => {
    const { page } = ui;
    await env.openNew();
    await env.chooseTemplate('failing');
    await env.typeBranch('main');
    await env.waitForPlan(`${TAG}f-main`);
    await env.start();
    const outcome = await env.waitForEnd('failed');
    assert.match(outcome, /broken/);
    const failure = env.serviceRow('broken').getByTestId('launch-failure');
    await failure.waitFor({ timeout: WAIT_MS });
    const text = await failure.innerText();
    assert.match(text, /exit(ed with)? (code )?3/);
    assert.match(text, /fatal: no database/);
    await screenshot(page, 'new-environment-failed');
    await env.close();
  });

  test('Cancel stops a start waiting on a healthcheck that never passes, and says what was left', async () => {
    const { page } = ui;
    await env.openNew();
    await env.chooseTemplate('stuck');
    await env.typeBranch('main');
    await env.waitForPlan(`${TAG}x-main`);
    await env.start();
    await env.waitForPhase('app', 'waiting', 30_000);
    await env.waitForPhase('slow', 'running', 30_000);
    const t0 = Date.now();
    await env.cancel();
    await env.waitForEnd('cancelled', 5000);
    assert.ok(Date.now() - t0 < 4000, `cancelled after ${Date.now() - t0} ms`);
    const left = env.dialog().getByTestId('launch-left');
    await left.waitFor({ timeout: WAIT_MS });
    assert.match(await left.innerText(), matching(E('leftServiceHealth', { name: 'slow', state: msg('stacks')('serviceState_running'), health: ANY, ip: ANY })));
    await screenshot(page, 'new-environment-cancelled');
    assert.equal(ui.server.open().calls, 0, 'nothing runs engine-side any more');
    await env.close();
  });

  test('a file with a problem shows it at its line and column, and cannot be started', async () => {
    const { page } = ui;
    await env.openNew();
    await env.chooseTemplate('bad');
    await env.typeBranch('main');
    const problem = env.problems().first();
    await problem.waitFor({ timeout: WAIT_MS });
    assert.match(await problem.innerText(), /bad\.yml:5:\d+: services\.web\.x-ip: /);
    assert.equal(await env.dialog().getByRole('button', { name: E('start'), exact: true }).isDisabled(), true);
    await screenshot(page, 'new-environment-problem');
    await env.close();
  });

  test('Create environment on the Templates screen opens the dialog on that template', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: msg('layout')('templates'), exact: true }).click();
    await page.getByTestId('template-failing').click();
    const create = page.getByTestId('template-panel').getByRole('button', { name: msg('templates')('createEnvironment') });
    await create.click();
    await env.dialog().waitFor({ timeout: WAIT_MS });
    assert.equal(await env.dialog().getByLabel(E('template')).inputValue(), 'failing');
    await env.close();
    await page.getByTestId('template-bad').click();
    await page.getByTestId('template-panel').getByText('bad.yml').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await create.isDisabled(), true, 'a template with problems cannot be started');
  });
});
