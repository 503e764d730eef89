// Live status through the contract: stacks update from the engine's events within a second, and
// after the connection to the engine drops, the stream says so, reconnects and lists again. The
// engine is reached through a unix-socket relay the test can cut and restore, as an engine
// restart or a dropped ssh tunnel would.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import type { StacksEvent } from '../../shared/api/stacks.ts';
import type { EngineContext } from '../../electron/engine/api/context.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { fileSettingsStore } from '../../electron/engine/settings/settingsStore.ts';
import { openEventStreams } from '../../electron/engine/docker/engineEvents.ts';
import { engineRelay as relay } from './engineRelay.ts';
import { docker, removeAll, runPrefix } from './harness.ts';

describe('live status', () => {
  const prefix = runPrefix('live');
  const stack = `${prefix}-a`;
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-live-'));
  const socketPath = join(dir, 'engine.sock');
  const engineRelay = relay(socketPath);
  const ctx: EngineContext = {
    async engine() {
      const d = new Docker({ socketPath });
      const v = await d.version();
      return { docker: d, endpoint: `unix://${socketPath}`, apiVersion: v.ApiVersion };
    },
    settings: fileSettingsStore(),
  };
  const client = openLocalClient(ctx);
  const events: { at: number; e: StacksEvent }[] = [];
  let waiters: (() => void)[] = [];
  const sub = client.subscribe('stacks', {}, {
    next: (e) => {
      events.push({ at: Date.now(), e });
      for (const w of waiters.splice(0)) w();
    },
  });

  /** Resolves with the first event (from `from` on) that matches, or fails after `ms`. */
  async function waitFor(what: string, from: number, match: (e: StacksEvent) => boolean, ms = 5000): Promise<{ at: number; e: StacksEvent }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = events.slice(from).find((x) => match(x.e));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(events.slice(from).map((x) => x.e))}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, left);
      });
    }
  }
  const serviceState = (e: StacksEvent) => (e.type === 'stack' && e.name === stack ? e.stack?.services[0]?.state : undefined);

  before(async () => {
    await engineRelay.start();
    await removeAll(prefix);
  });
  after(async () => {
    sub.dispose();
    client.close();
    waiters = [];
    await engineRelay.stop();
    await removeAll(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  let containerId = '';

  it('starts with a snapshot of every stack', async () => {
    const first = await waitFor('snapshot', 0, (e) => e.type === 'snapshot');
    assert.ok(Array.isArray(first.e.type === 'snapshot' && first.e.stacks));
  });

  it('shows a new container within a second of its start, and its exit', async () => {
    const c = await docker.createContainer({
      Image: 'branchyard-test/debian:bookworm',
      Cmd: ['sleep', 'infinity'],
      Labels: { [LABEL.stack]: stack, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    containerId = c.id;
    const from = events.length;
    await c.start();
    const started = Date.now();
    const running = await waitFor('running state', from, (e) => serviceState(e) === 'running');
    assert.ok(running.at - started < 1000, `seen after ${running.at - started} ms`);

    const from2 = events.length;
    await c.kill();
    const killed = Date.now();
    const exited = await waitFor('exited state', from2, (e) => serviceState(e) === 'exited');
    assert.ok(exited.at - killed < 1000, `seen after ${exited.at - killed} ms`);
  });

  it('says when the engine is gone, then reconnects and lists again', async () => {
    const from = events.length;
    await engineRelay.stop();
    const down = await waitFor('disconnected', from, (e) => e.type === 'disconnected');
    assert.equal(down.e.type === 'disconnected' && down.e.retryInMs > 0, true);
    // While the engine is away, nothing but "disconnected" comes.
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(events.slice(from).every((x) => x.e.type === 'disconnected'));

    // Changes made while disconnected show up in the snapshot after reconnecting.
    await docker.getContainer(containerId).start();
    const from2 = events.length;
    await engineRelay.start();
    const again = await waitFor('snapshot after reconnect', from2, (e) => e.type === 'snapshot', 10_000);
    const listed = again.e.type === 'snapshot' ? again.e.stacks.find((s) => s.name === stack) : undefined;
    assert.equal(listed?.services[0]?.state, 'running');
  });

  it('reports a removed stack as gone, and disposing ends the engine stream', async () => {
    const from = events.length;
    await docker.getContainer(containerId).remove({ force: true });
    await waitFor('stack gone', from, (e) => e.type === 'stack' && e.name === stack && e.stack === null);
    assert.equal(openEventStreams(), 1);
    sub.dispose();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(openEventStreams(), 0);
  });
});
