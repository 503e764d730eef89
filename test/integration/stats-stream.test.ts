// The `stats` stream against the real engine, through the contract (in process): a sample per
// running container with CPU and memory; a container that stops is `gone`, one that starts again
// is followed; disposing the subscription closes every engine stats stream it opened.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatsEvent } from '../../shared/api/control.ts';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { connectInProcess } from '../../electron/engine/api/inProcess.ts';
import { openStatsStreams } from '../../electron/engine/stats/statsStream.ts';
import { IMAGES, cli, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('controlstats');
const tmp = tempDir();
const stack = `${prefix}-s`;
const file = tmp.write(
  'stack.yml',
  `
name: ${prefix}
services:
  busy:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; while :; do :; done & wait"]
  idle:
    image: ${IMAGES.app}
`,
);

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the stats stream', () => {
  before(async () => {
    await removeAll(prefix);
    const up = await cli(['up', file, '--name', stack, '--wait']);
    assert.equal(up.code, 0, up.stderr);
  });
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('gives CPU and memory per running container, follows stops and starts, and closes everything when disposed', async () => {
    const { client, host } = connectInProcess(createHandlers(createEngineContext()));
    const events: StatsEvent[] = [];
    const sub = client.subscribe('stats', { stack }, { next: (e) => events.push(e) });
    const samples = (service: string) => events.filter((e): e is Extract<StatsEvent, { type: 'sample' }> => e.type === 'sample' && e.service === service);
    try {
      await until(() => samples('busy').some((s) => s.cpuPercent !== undefined) && samples('idle').some((s) => s.cpuPercent !== undefined), 15_000, 'a CPU reading of both');
      assert.equal(openStatsStreams.size, 2, 'one engine stream per running container');
      const busy = samples('busy').filter((s) => s.cpuPercent !== undefined).at(-1)!;
      const idle = samples('idle').filter((s) => s.cpuPercent !== undefined).at(-1)!;
      assert.ok(busy.cpuPercent! > 30, `a busy loop uses a CPU: ${busy.cpuPercent}`);
      assert.ok(idle.cpuPercent! < busy.cpuPercent!, `idle ${idle.cpuPercent} < busy ${busy.cpuPercent}`);
      assert.ok(busy.memoryBytes > 0 && busy.memoryLimitBytes >= busy.memoryBytes, JSON.stringify(busy));
      assert.ok(!Number.isNaN(Date.parse(busy.at)));

      assert.equal((await cli(['stop', stack, 'busy'])).code, 0);
      await until(() => events.some((e) => e.type === 'gone' && e.service === 'busy'), 10_000, 'busy gone');
      await until(() => openStatsStreams.size === 1, 5000, 'its engine stream closed');

      const before = samples('busy').length;
      assert.equal((await cli(['start', stack, 'busy'])).code, 0);
      await until(() => samples('busy').length > before, 15_000, 'busy followed again');
      assert.equal(openStatsStreams.size, 2);
    } finally {
      sub.dispose();
    }
    await until(() => openStatsStreams.size === 0 && host.open.streams === 0, 5000, 'every engine stats stream closed with the subscription');
    client.close();
  });

  it('a stack name that is not one is refused', async () => {
    const { client } = connectInProcess(createHandlers(createEngineContext()));
    const ended = new Promise<string>((resolve) => client.subscribe('stats', { stack: '../x' }, { next() {}, error: (e) => resolve(e.message) }));
    assert.match(await ended, /stack/i);
    client.close();
  });

  it('leaves nothing behind', async () => {
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
