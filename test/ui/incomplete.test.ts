// An `up` cancelled before it created every service shows in the app for what it is: the stack
// `incomplete`, "1 of 2 services created", and the missing service as a row "not created".

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WAIT_MS } from './appPage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';

const BIN = resolve(import.meta.dirname, '../../bin/branchyard.mjs');
const STACK = `byuii${process.pid.toString(36)}${Date.now().toString(36)}`;
const SCREENSHOT = '/tmp/branchyard-ui-incomplete.png';

function branchyard(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

describe('an interrupted up in the app', () => {
  let ui: UiSession;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'branchyard-ui-incomplete-'));
    const file = join(dir, 'stack.yml');
    // `slow` never turns healthy (its first check is an hour away), so `app` is never created.
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
`,
    );
    const child = spawn(process.execPath, [BIN, 'up', file, '--wait'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((ok) => child.stderr.on('data', (d) => String(d).includes('waiting for slow') && ok()));
    child.kill('SIGINT');
    await new Promise((ok) => child.on('exit', ok));
    ui = await openUiSession();
  });

  after(async () => {
    await ui?.close();
    await branchyard(['down', STACK, '--no-capture']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the stack is incomplete and the service not created is listed as such', async () => {
    const { app, page } = ui;
    await page.goto(ui.url);
    await app.stack(STACK).getByTestId('stack-status').filter({ hasText: 'incomplete' }).waitFor({ timeout: WAIT_MS });
    assert.match(await app.stack(STACK).innerText(), /1 of 2 services created \(missing: app\)/);
    await app.openStack(STACK);
    await app.waitForServiceState('app', 'not created');
    await app.waitForServiceState('slow', 'running');
    await page.screenshot({ path: SCREENSHOT });
  });
});
