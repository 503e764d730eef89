// Cancel from the UI, in a real Chromium against the real engine: a teardown stuck stopping a
// service that ignores SIGTERM (a 60 s grace period) is cancelled with the Cancel button; the
// engine stops at once, nothing is removed, and the page says so.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const IMAGE = 'branchyard-test/debian:bookworm';
const STACK = `byuic${process.pid.toString(36)}${Date.now().toString(36)}`;
const docker = new Docker();

describe('cancel from the UI', () => {
  let ui: UiSession;
  let container: Docker.Container | undefined;

  before(async () => {
    container = await docker.createContainer({
      name: `${STACK}-stubborn`,
      Image: IMAGE,
      // PID 1 ignores SIGTERM: `docker stop` waits out the whole grace period.
      Cmd: ['bash', '-c', 'trap "" TERM; echo stubborn up; while true; do sleep 1; done'],
      StopTimeout: 60,
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'stubborn' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    ui = await openUiSession();
  });

  after(async () => {
    await ui?.close();
    await container?.remove({ force: true }).catch(() => {});
  });

  test('Cancel stops a teardown that is waiting on a stop: nothing is removed', async () => {
    const { app, page } = ui;
    await page.goto(ui.url);
    await app.openStack(STACK);
    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-confirm').click();
    await page.getByTestId('operation-progress').filter({ hasText: 'stopping' }).waitFor({ timeout: WAIT_MS });
    await screenshot(page, 'cancel-1-teardown-running');

    const t0 = Date.now();
    await page.getByTestId('operation-cancel').click();
    const outcome = page.getByTestId('stack-outcome');
    // The engine's English detail, in every language (a Chinese run has a translated lead before it).
    await outcome.filter({ hasText: 'teardown cancelled: nothing was removed' }).waitFor({ timeout: 3000 });
    const took = Date.now() - t0;
    assert.ok(took < 2500, `the page said cancelled after ${took} ms`);
    await page.getByTestId('operation-cancel').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await page.getByTestId('stack-down').isEnabled(), true, 'the buttons are usable again');
    await screenshot(page, 'cancel-2-teardown-cancelled');

    // The engine side stopped too: the call is gone from the server, and the container is still there.
    const open = ui.server.open();
    assert.equal(open.calls, 0, `calls still running engine-side: ${JSON.stringify(open)}`);
    const info = await container!.inspect();
    assert.equal(info.Id, container!.id);
    const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${STACK}`] } });
    assert.equal(listed.length, 1, 'nothing was removed');
  });
});
