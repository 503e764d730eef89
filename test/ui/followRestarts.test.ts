// A followed log view in a real Chromium keeps following a service when its container restarts
// (`docker restart`): a marker line says so and the new lines arrive, instead of a view that says
// "following" and shows nothing new.

import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { screenshot } from './screenshots.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const IMAGE = 'branchyard-test/debian:bookworm';
const STACK = `byuif${process.pid.toString(36)}${Date.now().toString(36)}`;
const docker = new Docker();

describe('a followed log view across a restart', () => {
  let ui: UiSession;
  let container: Docker.Container | undefined;

  before(async () => {
    container = await docker.createContainer({
      name: `${STACK}-web`,
      Image: IMAGE,
      // Each boot numbers itself, so the lines after the restart are told from those before it.
      Cmd: ['bash', '-c', 'n=$(( $(cat /tmp/boots 2>/dev/null || echo 0) + 1 )); echo $n > /tmp/boots; echo "boot-$n ready"; trap "exit 0" TERM; sleep infinity & wait'],
      Labels: { [LABEL.stack]: STACK, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    ui = await openUiSession();
  });

  after(async () => {
    await ui?.close();
    await container?.remove({ force: true }).catch(() => {});
  });

  test('the restart shows as a marker line and the new lines follow', async () => {
    const { app, page } = ui;
    await page.goto(ui.url);
    await app.openStack(STACK);
    await app.openServiceLogs('web');
    await app.waitForLogLine('boot-1 ready');
    await container!.restart({ t: 1 });
    // The marker's words are the engine's (logs/serviceFollowSource.ts), the same in every language.
    await app.waitForLogLine('── restarted (container');
    await app.waitForLogLine('boot-2 ready');
    await page.getByTestId('log-list').locator('[data-stream="marker"]').first().waitFor();
    await screenshot(page, 'follow-restart');
  });
});
