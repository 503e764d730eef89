// `logs -f --follow-restarts` follows services, not containers: through `docker restart`, through a
// recreation by `up` (a new container), and on to a service that starts after the follow began,
// with a marker line at each change and no line lost or repeated.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, cliProcess, docker, removeAll, runPrefix, tempDir } from './harness.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';

const prefix = runPrefix('lfr');
const tmp = tempDir();

// Every line carries the boot's own id, so a repeated line is a duplicate, never a new one.
const TICKER = `["sh", "-c", "trap 'exit 0' TERM; b=$$(date +%s%N); i=0; while true; i=$$((i+1)); do echo \\"boot $$b tick $$i\\"; sleep 0.2; done & wait"]`;

function stackFile(name: string, mode: string, late: boolean): string {
  return tmp.write(
    `${name}.yml`,
    `name: ${name}
services:
  ticker: { image: ${IMAGES.app}, command: ${TICKER}, environment: { MODE: ${mode} }, x-ip: 10 }
${late ? `  late: { image: ${IMAGES.app}, command: ["sh", "-c", "echo late says hello; trap 'exit 0' TERM; sleep infinity & wait"], x-ip: 11 }\n` : ''}`,
  );
}

describe('logs --follow-restarts', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('follows a service through a restart, a recreation and a service that starts later', { timeout: 120_000 }, async () => {
    const name = `${prefix}a`;
    assert.equal((await cli(['up', stackFile(name, 'one', false), '--name', name])).code, 0);
    const child = cliProcess(['logs', name, '-f', '--follow-restarts']);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const waitFor = async (re: RegExp, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!re.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) assert.fail(`no ${what} (${re}) in:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const boots = () => [...new Set([...out.matchAll(/boot (\d+) tick/g)].map((m) => m[1]))];

    await waitFor(/tick 3\n/, 'first ticks');
    const [id] = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${name}`, `${LABEL.service}=ticker`] } })).map((c) => c.Id);
    await docker.getContainer(id).restart({ t: 1 });
    await waitFor(/ticker\* \| ── restarted \(container [0-9a-f]{12}\) ──/, 'the restart marker');
    await waitFor(/boot \d+ tick 3\n[\s\S]*── restarted[\s\S]*boot \d+ tick 2\n/, 'ticks of the second boot');
    assert.equal(boots().length, 2, out);

    // A changed environment recreates the container: the follow moves to the new one.
    assert.equal((await cli(['up', stackFile(name, 'two', true), '--name', name])).code, 0);
    await waitFor(/ticker\* \| ── new container [0-9a-f]{12}/, 'the new-container marker');
    await waitFor(/late\s+\| late says hello/, 'the service that started later');
    const third = async () => boots().length === 3 && /tick 2\n/.test(out.slice(out.lastIndexOf('new container')));
    for (let i = 0; i < 100 && !(await third()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(boots().length, 3, out);

    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, 'a follow ends on Ctrl-C: that is its normal end');
    const lines = out.split('\n').filter((l) => /tick \d+$/.test(l));
    assert.equal(new Set(lines).size, lines.length, `no line twice:\n${out}`);
    // Each boot's ticks are complete from 1 up to the last one seen: nothing was lost.
    for (const b of boots()) {
      const ticks = lines.filter((l) => l.includes(`boot ${b} `)).map((l) => Number(/tick (\d+)$/.exec(l)![1]));
      assert.deepEqual(ticks, ticks.map((_, i) => i + 1), `boot ${b}: ${ticks.join(',')}`);
    }
    assert.equal((await cli(['down', name, '--no-capture'])).code, 0);
  });

  it('--follow-restarts needs -f', async () => {
    const r = await cli(['logs', `${prefix}none`, '--follow-restarts']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /followRestarts: needs follow/);
  });
});
