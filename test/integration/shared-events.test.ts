// One /events stream per engine connection: ten viewers of the `stacks` stream (each on its own
// connection to the engine host, as ten windows would be) and a health wait hold ONE /events
// connection to the engine, counted at the engine's socket through a relay. All of them hear
// every change; an engine that drops the stream is reconnected once for all, and every viewer
// gets a fresh snapshot; a viewer that comes while the engine is away hears so at once; the
// stream closes when the last viewer leaves.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import type { BranchyardClient, Subscription } from '../../shared/api/client.ts';
import type { StacksEvent } from '../../shared/api/stacks.ts';
import type { EngineContext } from '../../electron/engine/api/context.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import type { Engine } from '../../electron/engine/docker/connect.ts';
import { openEventStreams } from '../../electron/engine/docker/engineEvents.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { fileSettingsStore } from '../../electron/engine/settings/settingsStore.ts';
import { waitForService } from '../../electron/engine/stacks/waitForService.ts';
import { engineRelay } from './engineRelay.ts';
import { docker, removeAll, runPrefix } from './harness.ts';

const VIEWERS = 10;

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('one /events stream per engine connection', () => {
  const prefix = runPrefix('sharedev');
  const stack = `${prefix}-a`;
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-shared-events-'));
  const relay = engineRelay(join(dir, 'engine.sock'));
  // As createEngineContext does: one engine connection (one Docker client) for the process.
  let engine: Promise<Engine> | undefined;
  const ctx: EngineContext = {
    engine: () =>
      (engine ??= (async () => {
        const d = new Docker({ socketPath: relay.socketPath });
        return { docker: d, endpoint: `unix://${relay.socketPath}`, apiVersion: (await d.version()).ApiVersion };
      })()),
    settings: fileSettingsStore(),
  };
  const clients: BranchyardClient[] = [];
  const subs: Subscription[] = [];
  const seen: StacksEvent[][] = [];
  let containerId = '';

  const stateIn = (events: StacksEvent[], from = 0) =>
    events
      .slice(from)
      .filter((e) => e.type === 'stack' && e.name === stack)
      .map((e) => (e.type === 'stack' ? e.stack?.services[0]?.state : undefined));

  before(async () => {
    await removeAll(prefix);
    await relay.start();
  });
  after(async () => {
    for (const s of subs) s.dispose();
    for (const c of clients) c.close();
    await relay.stop();
    await removeAll(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${VIEWERS} viewers get their snapshot over one /events connection`, async () => {
    assert.equal(relay.eventStreams(), 0);
    for (let i = 0; i < VIEWERS; i++) {
      const client = openLocalClient(ctx);
      const events: StacksEvent[] = [];
      clients.push(client);
      seen.push(events);
      subs.push(client.subscribe('stacks', {}, { next: (e) => void events.push(e) }));
    }
    await until('every viewer to get a snapshot', () => seen.every((events) => events.some((e) => e.type === 'snapshot')));
    for (const events of seen) assert.equal(events[0].type, 'snapshot', 'the snapshot comes first');
    assert.equal(relay.eventStreams(), 1, 'one /events connection at the engine');
    assert.equal(relay.eventRequests(), 1, 'and one /events request made');
    assert.equal(openEventStreams(), 1);
  });

  it('a health wait shares it, and every viewer sees the change', async () => {
    const { docker: viaRelay } = await ctx.engine();
    const c = await docker.createContainer({
      Image: 'branchyard-test/debian:bookworm',
      Cmd: ['sleep', 'infinity'],
      Labels: { [LABEL.stack]: stack, [LABEL.service]: 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    containerId = c.id;
    const marks = seen.map((events) => events.length);
    const waited = waitForService(viaRelay, 'web', c.id, 'running', Date.now() + 20_000);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(relay.eventStreams(), 1, 'the wait listens on the same stream');
    await c.start();
    await waited;
    await until('every viewer to see the service running', () => seen.every((events, i) => stateIn(events, marks[i]).includes('running')));
    assert.equal(relay.eventStreams(), 1);
    assert.equal(relay.eventRequests(), 1);
  });

  it('an engine that drops the stream: reconnected once for all, each viewer gets a fresh snapshot', async () => {
    const marks = seen.map((events) => events.length);
    await docker.getContainer(containerId).kill();
    // The cut comes before the event stream says anything of the kill (it may have already):
    // what counts is that the snapshot after the reconnect has it.
    relay.cutEventStreams();
    await until('every viewer to hear it was disconnected', () => seen.every((events, i) => events.slice(marks[i]).some((e) => e.type === 'disconnected')));
    await until('every viewer to get a fresh snapshot', () => seen.every((events, i) => events.slice(marks[i]).some((e) => e.type === 'snapshot')));
    for (const events of seen) {
      const snapshot = [...events].reverse().find((e) => e.type === 'snapshot');
      const listed = snapshot?.type === 'snapshot' ? snapshot.stacks.find((s) => s.name === stack) : undefined;
      assert.equal(listed?.services[0]?.state, 'exited', 'the fresh snapshot has what happened meanwhile');
    }
    assert.equal(relay.eventStreams(), 1, 'still one /events connection');
    assert.equal(relay.eventRequests(), 2, 'opened again once, not once per viewer');
  });

  it('a viewer that comes while the engine is away hears so at once, and gets its snapshot when it is back', async () => {
    const marks = seen.map((events) => events.length);
    await relay.stop();
    await until('the viewers to hear the engine is gone', () => seen.every((events, i) => events.slice(marks[i]).some((e) => e.type === 'disconnected')));
    const late: StacksEvent[] = [];
    const client = openLocalClient(ctx);
    clients.push(client);
    seen.push(late);
    marks.push(0);
    subs.push(client.subscribe('stacks', {}, { next: (e) => void late.push(e) }));
    await until('the late viewer to hear it', () => late.length > 0, 2000);
    assert.equal(late[0].type, 'disconnected');
    const requests = relay.eventRequests();
    await relay.start();
    await until('every viewer, the late one too, to get a snapshot', () => seen.every((events, i) => events.slice(marks[i]).some((e) => e.type === 'snapshot')));
    assert.equal(relay.eventStreams(), 1);
    assert.equal(relay.eventRequests(), requests + 1);
  });

  it('the stream stays open while any viewer does, and closes when the last one leaves', async () => {
    for (const s of subs.slice(1)) s.dispose();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(relay.eventStreams(), 1);
    // The one left still hears changes.
    const mark = seen[0].length;
    await docker.getContainer(containerId).start();
    await until('the last viewer to see the restart', () => stateIn(seen[0], mark).includes('running'));
    subs[0].dispose();
    await until('the /events connection to close at the engine', () => relay.eventStreams() === 0);
    assert.equal(openEventStreams(), 0);
  });
});
