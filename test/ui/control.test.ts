// Control of stacks and services from the app, in a real Chromium against the real engine and
// the real browser-mode server: the stack detail (IP, ports, image, uptime, connection strings,
// live CPU and memory, the stats stream closed when the stack is hidden); copy a connection
// string and connect with it; stop, start and restart a service from its row on the same IP; a
// stack stopped behind the app's back (as an engine restart leaves it) started again with Start;
// a failed service in red with its exit code; tear down with volumes, and the capture found on
// the Captures screen. Screenshots go to test-results/.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IMAGES, cli, docker, execIn, labelledObjects, removeAll, tempDir } from '../integration/harness.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { ANY, literally, matching, ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const S = msg('stacks');

const prefix = `byuicontrol${process.pid.toString(36)}`;
const STACK = `${prefix}-shop`;
const FAILING = `${prefix}-fail`;
const PASSWORD = `pw-${process.pid}`;
const tmp = tempDir();

const shopFile = tmp.write(
  'shop.yml',
  `
name: ${prefix}
x-branchyard:
  subnet: 10.231.51.0/24
services:
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    command: [redis-server, --protected-mode, "no", --bind, 0.0.0.0, --requirepass, "${PASSWORD}"]
    x-ip: 12
  app:
    image: ${IMAGES.app}
    depends_on: { redis: { condition: service_healthy } }
    x-ip: 20
`,
);

const failFile = tmp.write(
  'fail.yml',
  `
name: ${prefix}f
x-branchyard:
  subnet: 10.231.52.0/24
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

async function containerOf(stack: string, service: string) {
  const [c] = await docker.listContainers({ all: true, filters: { label: [`io.branchyard.stack=${stack}`, `io.branchyard.service=${service}`] } });
  assert.ok(c, `a container of ${stack}/${service}`);
  return docker.getContainer(c.Id);
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('control of stacks and services in the app', () => {
  let ui: UiSession;
  const shot = (name: string) => screenshot(ui.page, `control-${name}`);

  before(async () => {
    await removeAll(prefix);
    const up = await cli(['up', shopFile, '--name', STACK, '--wait', '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    const failing = await cli(['up', failFile, '--name', FAILING]);
    assert.equal(failing.code, 1, 'boom fails the up');
    ui = await openUiSession();
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ui.url).origin });
    await ui.page.goto(ui.url);
    await ui.app.openStack(STACK);
    await ui.app.waitForServiceState('redis', 'running');
  });

  after(async () => {
    await ui?.close();
    await removeAll(prefix);
    tmp.remove();
  });

  test('the detail shows each service: IP, ports, image, uptime, and a masked connection string', async () => {
    const { app, page } = ui;
    assert.equal(await app.serviceIp('redis'), '10.231.51.12');
    const detail = page.getByTestId('service-detail-redis');
    await detail.getByTestId('service-ports').filter({ hasText: '6379/tcp' }).waitFor({ timeout: WAIT_MS });
    assert.match(await detail.innerText(), new RegExp(IMAGES.redis.replace(/[.:/]/g, '\\$&')));
    const seconds = matching(msg('common')('durationSeconds', { s: 1 }), { digits: true }).source;
    const minutes = matching(msg('common')('durationMinutes', { m: 1, s: 1 }), { digits: true }).source;
    await app.service('redis').getByTestId('service-uptime').filter({ hasText: new RegExp(`^(${seconds}|${minutes})$`) }).waitFor({ timeout: WAIT_MS });
    const text = app.connection('redis', 'redis').getByTestId('connection-text');
    assert.equal(await text.innerText(), 'redis-cli -h 10.231.51.12 -p 6379 -a ••••••', 'the password is masked on screen');
    await app.connection('redis', 'redis').getByRole('button', { name: S('showPassword') }).click();
    assert.equal(await text.innerText(), `redis-cli -h 10.231.51.12 -p 6379 -a ${PASSWORD}`);
    await app.connection('redis', 'redis').getByRole('button', { name: S('hidePassword') }).click();
    assert.equal(await page.getByTestId('service-detail-app').getByTestId('connection-text').count(), 0, 'no connection string for a service that is no database');
    assert.equal(await page.getByRole('button', { name: S('redeploy') }).count(), 0, 'nothing here is built from source: no Redeploy');
  });

  test('a copied connection string connects', async () => {
    const { app } = ui;
    const copied = await app.copy(app.connection('redis', 'redis').getByRole('button', { name: msg('layout')('copyWhat', { what: 'redis-cli' }) }));
    assert.equal(copied, `redis-cli -h 10.231.51.12 -p 6379 -a ${PASSWORD}`);
    // Pasted into a shell in the stack's app container, as a user would into a terminal.
    const appContainer = await containerOf(STACK, 'app');
    const r = await execIn(appContainer.id, ['sh', '-c', `${copied} ping`]);
    assert.match(r.output, /PONG/, r.output);
    assert.equal(await app.copy(app.service('app').getByRole('button', { name: msg('layout')('copyWhat', { what: 'IP' }) })), '10.231.51.20');
  });

  test('live CPU and memory per service and for the stack; the stream closes when the stack is hidden', async () => {
    const { app, page, server } = ui;
    await app.service('redis').getByTestId('service-memory').filter({ hasText: /\d(\.\d)? (KiB|MiB)/ }).waitFor({ timeout: 15_000 });
    await app.service('redis').getByTestId('service-cpu').filter({ hasText: /\d %/ }).waitFor({ timeout: 15_000 });
    await page.getByTestId('stack-memory').filter({ hasText: /(KiB|MiB)/ }).waitFor({ timeout: WAIT_MS });
    await shot('detail');
    // A smaller window: the row's buttons and the header must still fit, in both languages.
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot('detail-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The live status and this stack's stats.
    await until(() => server.open().streams === 2, WAIT_MS, `two streams open, not ${server.open().streams}`);
    await app.openCaptures();
    await until(() => server.open().streams === 1, WAIT_MS, 'the stats stream closed with the stack view');
    await page.getByTestId('nav-stacks').click();
    await app.openStack(STACK);
    await until(() => server.open().streams === 2, WAIT_MS, 'the stats stream open again');
  });

  test('stop, start and restart a service from its row, on the same IP', async () => {
    const { app } = ui;
    const ip = await app.serviceIp('app');
    await app.serviceButton('app', S('stop')).click();
    await app.waitForServiceState('app', 'stopped', 30_000);
    assert.equal(await app.serviceState('app').innerText(), S('serviceState_exited'));
    await app.waitForOutcome(new RegExp(`^${literally(S('done_stop', { services: 'app' }))}`));
    assert.equal(await app.service('app').getByTestId('service-failure').count(), 0, 'stopped is not failed');
    assert.equal(await app.serviceIp('app'), ip);
    assert.equal(await app.serviceButton('app', S('stop')).isDisabled(), true);
    await shot('service-stopped');

    await app.serviceButton('app', S('start')).click();
    await app.waitForOutcome(new RegExp(`^${literally(S('done_start', { services: S('serviceAt', { name: 'app', ip: '10.231.51.20' }) }))}`));
    await app.waitForServiceState('app', 'running');
    assert.equal(await app.serviceIp('app'), ip);

    const startedBefore = (await (await containerOf(STACK, 'app')).inspect()).State.StartedAt;
    await app.serviceButton('app', S('restart')).click();
    await app.waitForOutcome(new RegExp(`^${literally(S('done_restart', { services: 'app' }))}`));
    await app.waitForServiceState('app', 'running');
    assert.equal(await app.serviceIp('app'), ip);
    assert.notEqual((await (await containerOf(STACK, 'app')).inspect()).State.StartedAt, startedBefore, 'it ran again');
  });

  test('a stack stopped behind the app’s back, as an engine restart leaves it, starts again on the same IPs', async () => {
    const { app, page } = ui;
    const ips = { redis: await app.serviceIp('redis'), app: await app.serviceIp('app') };
    // Every container of this stack only: the engine is shared, so dockerd itself is not restarted.
    const containers = await docker.listContainers({ filters: { label: [`io.branchyard.stack=${STACK}`] } });
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).stop()));
    await app.waitForServiceState('redis', 'stopped', 30_000);
    await app.waitForServiceState('app', 'stopped', 30_000);
    await page.locator('[data-testid="stack-view-status"][data-status="stopped"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.getByTestId('stack-view-status').innerText(), S('state_stopped'));
    await shot('stack-stopped');

    await app.stackButton(S('start')).click();
    await app.waitForOutcome(new RegExp(`^${literally(S('done_start', { services: '' }))}`), 120_000);
    await app.waitForServiceState('redis', 'running');
    await app.waitForServiceState('app', 'running');
    await page.locator('[data-testid="stack-view-status"][data-status="running"]').waitFor({ timeout: WAIT_MS });
    assert.deepEqual({ redis: await app.serviceIp('redis'), app: await app.serviceIp('app') }, ips);
    assert.equal(await app.service('redis').getByTestId('service-health').innerText(), S('health_healthy'));
  });

  test('a failed service is shown failed, with its exit code and why; what waited for it is not started', async () => {
    const { app } = ui;
    await app.openStack(FAILING);
    await app.waitForServiceState('boom', 'failed');
    assert.equal(await app.serviceState('boom').innerText(), S('serviceFailedCode', { code: '3' }));
    // The reason is the engine's English detail in every language.
    assert.equal(await app.page.getByTestId('service-detail-boom').getByTestId('service-failure').innerText().then((t) => t.split(' · ')[0]), 'exited with code 3');
    await app.waitForServiceState('after', 'not-started');
    assert.equal(await app.serviceState('after').innerText(), S('serviceNotStarted'));
    assert.equal(
      await app.page.getByTestId('service-detail-after').getByTestId('service-failure').innerText(),
      S('blockedFailed', { service: 'boom', reason: 'exited with code 3' }),
    );
    await shot('failed');
  });

  test('tear down with volumes: the confirmation says what goes and where the logs go; the capture is on the Captures screen', async () => {
    const { app, page } = ui;
    await app.openStack(STACK);
    const box = await app.askTearDown();
    const text = await box.innerText();
    assert.match(text, matching(S('teardownWhatNetwork', { name: STACK, count: 2, network: `${ANY}_default` })));
    assert.match(text, new RegExp(`${join(ui.outDir, 'captures', STACK)}/`), 'where the archive goes');
    const volumes = box.getByRole('checkbox', { name: S('removeVolumes') });
    assert.equal(await volumes.isChecked(), false, 'off by default');
    assert.ok(text.includes(S('volumesKept')), text);
    await volumes.check();
    await shot('teardown-confirm');
    assert.ok((await box.innerText()).includes(S('volumesGone')));
    await box.getByRole('button', { name: S('tearDown'), exact: true }).click();
    const outcome = await app.waitForOutcome(matching(S('downCaptured', { path: ANY })), 120_000);
    assert.ok(outcome.endsWith(S('downVolumesRemoved', { text: '', volumes: `${STACK}_redis-data` })), outcome);
    await page.getByTestId('stack-gone').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await labelledObjects(STACK), []);
    await app.openCaptures();
    await app.capturesOf(STACK).first().waitFor({ timeout: WAIT_MS });
    await shot('captures');
  });
});
