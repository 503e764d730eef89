// An `up` that did not finish shows in the app for what it is: the stack `incomplete`, "1 of 3
// services started (not started: app; not created: side)", a service created and never started
// as a row "not started", and one with no container as a row "not created".

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const BIN = resolve(import.meta.dirname, '../../bin/branchyard.mjs');
const STACK = `byuii${process.pid.toString(36)}${Date.now().toString(36)}`;
const S = msg('stacks');
const docker = new Docker();

function branchyard(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

async function containers(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${STACK}`] } });
}

/** Until the engine has these states (service → state); fails after a while saying what it has. */
async function untilStates(want: Record<string, string>): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    const states = Object.fromEntries((await containers()).map((c) => [c.Labels[LABEL.service], c.State]));
    if (Object.entries(want).every(([s, state]) => states[s] === state)) return;
    if (Date.now() > end) throw new Error(`wanted ${JSON.stringify(want)}, the engine has ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an interrupted up in the app', () => {
  let ui: UiSession;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'branchyard-ui-incomplete-'));
    const file = join(dir, 'stack.yml');
    // `slow` never turns healthy (its first check is an hour away), so `app`, created up front
    // with the others, is never started.
    writeFileSync(
      file,
      `name: ${STACK}
services:
  slow:
    image: branchyard-test/app:latest
    healthcheck: { test: ["CMD", "true"], interval: 1h, start_period: 1h }
    x-ip: 10
  app:
    image: branchyard-test/app:latest
    depends_on: { slow: { condition: service_healthy } }
    x-ip: 11
  side:
    image: branchyard-test/app:latest
    x-ip: 12
`,
    );
    const child = spawn(process.execPath, [BIN, 'up', file, '--wait'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((ok) => child.stderr.on('data', (d) => String(d).includes('waiting for slow') && ok()));
    await untilStates({ slow: 'running', app: 'created', side: 'running' });
    child.kill('SIGINT');
    await new Promise((ok) => child.on('exit', ok));
    // A service whose container is gone (an up killed before it created it looks the same).
    const side = (await containers()).find((c) => c.Labels[LABEL.service] === 'side')!;
    await docker.getContainer(side.Id).remove({ force: true });
    ui = await openUiSession();
  });

  after(async () => {
    await ui?.close();
    await branchyard(['down', STACK, '--no-capture']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the stack is incomplete; the service never started and the one not created are listed as such', async () => {
    const { app, page } = ui;
    await page.goto(ui.url);
    await app.stack(STACK).locator('[data-testid="stack-status"][data-status="incomplete"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await app.stack(STACK).getByTestId('stack-status').innerText(), S('state_incomplete'));
    const summary = S('withDetails', {
      head: S('started', { started: 1, count: 3 }),
      details: [S('notStarted', { names: 'app' }), S('notCreated', { names: 'side' })].join(S('listSeparator')),
    });
    assert.ok((await app.stack(STACK).innerText()).includes(summary), await app.stack(STACK).innerText());
    await app.openStack(STACK);
    await app.waitForServiceState('app', 'not-started');
    await app.waitForServiceState('side', 'missing');
    assert.equal(await app.serviceState('side').innerText(), S('serviceNotCreated'));
    await app.waitForServiceState('slow', 'running');
    await screenshot(page, 'incomplete');
  });
});
