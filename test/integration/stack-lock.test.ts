// One operation per stack at a time, on the real engine with the real command line: two `up`s
// started together both succeed, the second after waiting for the first (no "Conflict", no
// stack with 2 of 3 services); a waiting `up` honours Ctrl-C and its --timeout; a SIGKILLed
// holder leaves no lock behind; `down` waits for a running `up` of the same stack.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, cliProcess, docker, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('lock');
const tmp = tempDir();

/** Three services; `app` turns healthy `readyAfter` seconds after it starts (never, with 0). */
function stackFile(name: string, readyAfter: number): string {
  const ready = readyAfter > 0 ? `sleep ${readyAfter}; touch /tmp/ready; ` : '';
  // Never: the first check is an hour away, so the health stays `starting`.
  const health = readyAfter > 0 ? '{ test: [CMD, test, -f, /tmp/ready], interval: 1s, retries: 120 }' : '{ test: [CMD, "true"], interval: 1h, start_period: 1h }';
  return tmp.write(
    `${name}.yml`,
    `name: ${name}
services:
  db: { image: ${IMAGES.redis} }
  cache: { image: ${IMAGES.redis} }
  app:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; ${ready}sleep infinity & wait"]
    healthcheck: ${health}
    depends_on: [db, cache]
`,
  );
}

type Child = ReturnType<typeof cliProcess>;

function watch(child: Child) {
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const exit = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return {
    exit,
    stderr: () => stderr,
    stdout: () => stdout,
    async until(re: RegExp, timeoutMs = 60_000): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (!re.test(stderr)) {
        if (Date.now() > end) assert.fail(`no ${re} on stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

async function containers(stack: string): Promise<string[]> {
  return (await docker.listContainers({ all: true, filters: { label: [`io.branchyard.stack=${stack}`] } })).map((c) => c.Names[0]).sort();
}

describe('one operation per stack at a time', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('two ups at once: one waits for the other, both succeed, every service once', { timeout: 180_000 }, async () => {
    const stack = `${prefix}-two`;
    const file = stackFile(stack, 3);
    const a = cliProcess(['up', file, '--name', stack, '--wait']);
    const b = cliProcess(['up', file, '--name', stack, '--wait']);
    const wa = watch(a);
    const wb = watch(b);
    const [ca, cb] = await Promise.all([wa.exit, wb.exit]);
    assert.equal(ca, 0, wa.stderr());
    assert.equal(cb, 0, wb.stderr());
    const waitedA = wa.stderr().includes(`waiting for another branchyard up of stack ${stack} (pid ${b.pid})`);
    const waitedB = wb.stderr().includes(`waiting for another branchyard up of stack ${stack} (pid ${a.pid})`);
    assert.ok(waitedA !== waitedB, `exactly one waits:\nA (pid ${a.pid}):\n${wa.stderr()}\nB (pid ${b.pid}):\n${wb.stderr()}`);
    assert.doesNotMatch(wa.stderr() + wb.stderr(), /Conflict/);
    assert.deepEqual(await containers(stack), [`/${stack}-app`, `/${stack}-cache`, `/${stack}-db`]);
    // The second found everything made and healthy: it changed nothing.
    const second = waitedA ? wa : wb;
    assert.doesNotMatch(second.stderr(), /created|recreated/);
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
  });

  it('a waiting up honours its --timeout and Ctrl-C; a killed holder leaves no lock', { timeout: 180_000 }, async () => {
    const stack = `${prefix}-held`;
    const file = stackFile(stack, 0);
    const holder = cliProcess(['up', file, '--name', stack, '--wait', '--timeout', '120']);
    const wh = watch(holder);
    await wh.until(/\[app\] created/);

    const started = Date.now();
    const timedOut = await cli(['up', file, '--name', stack, '--timeout', '2']);
    assert.equal(timedOut.code, 1, timedOut.stderr);
    assert.match(timedOut.stderr, new RegExp(`waiting for another branchyard up of stack ${stack} \\(pid ${holder.pid}\\)`));
    assert.match(timedOut.stderr, new RegExp(`error: timed out waiting for another branchyard up of stack ${stack} \\(pid ${holder.pid}\\): nothing was done`));
    assert.ok(Date.now() - started < 10_000, `--timeout 2 took ${Date.now() - started} ms`);

    const cancelled = cliProcess(['up', file, '--name', stack]);
    const wc = watch(cancelled);
    await wc.until(/waiting for another branchyard up/);
    const signalled = Date.now();
    cancelled.kill('SIGINT');
    assert.equal(await wc.exit, 130, wc.stderr());
    assert.ok(Date.now() - signalled < 2_000, `Ctrl-C took ${Date.now() - signalled} ms`);
    assert.match(wc.stderr(), /cancelled while waiting for another branchyard up of stack \S+ \(pid \d+\): nothing was done/);

    // The holder dies without a chance to release: the next up does not wait for it.
    holder.kill('SIGKILL');
    await wh.exit;
    const after = await cli(['up', file, '--name', stack, '--timeout', '30']);
    assert.equal(after.code, 0, after.stderr);
    assert.doesNotMatch(after.stderr, /waiting for another/);
    assert.equal((await containers(stack)).length, 3);
  });

  it('down waits for a running up of the same stack, then removes it', { timeout: 180_000 }, async () => {
    const stack = `${prefix}-down`;
    const file = stackFile(stack, 4);
    const up = cliProcess(['up', file, '--name', stack, '--wait']);
    const wu = watch(up);
    await wu.until(/\[app\] created/);
    const down = await cli(['down', stack, '--no-capture']);
    assert.equal(await wu.exit, 0, `the up was not disturbed:\n${wu.stderr()}`);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, new RegExp(`waiting for another branchyard up of stack ${stack} \\(pid ${up.pid}\\)`));
    assert.deepEqual(await labelledObjects(stack), []);
  });
});
