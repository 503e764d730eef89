// What goes wrong, said clearly: bad input is refused with file:line:col and changes nothing in
// the engine; a service that dies fails the up naming it; no engine, no image: one clear line.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProgressEvent } from '../../shared/api/stacks.ts';
import type { BranchyardError } from '../../shared/errors/errors.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { IMAGES, cli, cliProcess, labelledObjects, removeAll, runPrefix, tempDir, untilStates } from './harness.ts';

const prefix = runPrefix('fail');
const tmp = tempDir();
const client = openLocalClient();

async function engineSnapshot(): Promise<string[]> {
  return (await labelledObjects('')).sort();
}

describe('failures', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('refuses bad input with locations, exit 2, and creates nothing', async () => {
    const file = tmp.write(
      'bad.yml',
      `name: ${prefix}
x-branchyard:
  subnet: 10.233.1.0/24
services:
  db:
    x-preset: mysqll
    x-ip: 300
  app:
    image: ${IMAGES.app}
    depends_on: [nothere]
    x-ip: 1
    colour: blue
`,
    );
    const before = await engineSnapshot();
    for (const cmd of [['validate', file], ['up', file, '--branch', 'main']]) {
      const r = await cli(cmd);
      assert.equal(r.code, 2, `${cmd[0]}: ${r.stderr}`);
      assert.match(r.stderr, /bad\.yml:6:\d+: services\.db\.x-preset: .*mysqll/);
      assert.match(r.stderr, /bad\.yml:7:\d+: services\.db\.x-ip: .*300/);
      assert.match(r.stderr, /bad\.yml:10:\d+: services\.app\.depends_on.*nothere/);
      assert.match(r.stderr, /bad\.yml:11:\d+: services\.app\.x-ip: .*gateway/);
      assert.match(r.stderr, /bad\.yml:12:\d+: .*colour/);
    }
    assert.deepEqual(await engineSnapshot(), before);
  });

  // The timeout only stops a run that would expand the bomb (hundreds of millions of nodes).
  it('refuses a file of many megabytes and a YAML alias bomb, creating nothing', { timeout: 120_000 }, async () => {
    const big = tmp.write('big.yml', `name: ${prefix}\nservices:\n  app:\n    image: ${IMAGES.app}\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = tmp.write('bomb.yml', `x-lol:\n  ${levels.join('\n  ')}\nname: ${prefix}\nservices:\n  app:\n    image: ${IMAGES.app}\n    labels: { x: *i }\n`);
    const before = await engineSnapshot();
    const r1 = await cli(['up', big, '--name', `${prefix}-big`]);
    assert.equal(r1.code, 2, r1.stderr);
    assert.match(r1.stderr, /big\.yml: file is \d+ bytes, more than the 1 MiB a stack file may have/);
    const r2 = await cli(['up', bomb, '--name', `${prefix}-bomb`]);
    assert.equal(r2.code, 2, r2.stderr);
    assert.match(r2.stderr, /bomb\.yml:\d+:\d+: .*alias/i);
    assert.deepEqual(await engineSnapshot(), before);
  });

  it('refuses a bad branch name before touching the engine', async () => {
    const file = tmp.write('ok.yml', `name: ${prefix}\nservices:\n  app:\n    image: ${IMAGES.app}\n`);
    for (const branch of ['has space', 'a..b', '功能']) {
      const r = await cli(['up', file, '--branch', branch]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--branch: branch '/);
    }
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it('a service that exits fails the up, naming it with its log tail', async () => {
    const file = tmp.write(
      'dies.yml',
      `name: ${prefix}
services:
  db:
    image: ${IMAGES.app}
    command: [sh, -c, "echo cannot open datadir >&2; exit 3"]
    # A check that cannot pass before db dies (a passing one would let app start at once).
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 1s }
  app:
    image: ${IMAGES.app}
    depends_on: { db: { condition: service_healthy } }
`,
    );
    const r = await cli(['up', file, '--name', `${prefix}-dies`, '--timeout', '60']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /service 'db' exited with code 3/);
    assert.match(r.stderr, /cannot open datadir/);
    // What was made stays for inspection; down removes it.
    assert.equal((await cli(['down', `${prefix}-dies`])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it("a failing service's progress carries the engine's reason and its last log lines; what waits on it is created, never started", async () => {
    const stack = `${prefix}-why`;
    const file = tmp.write(
      'why.yml',
      `name: ${prefix}
services:
  db:
    image: ${IMAGES.app}
    command: [sh, -c, "for i in $$(seq 1 30); do echo line $$i; done; sleep 0.2; echo cannot open datadir >&2; exit 3"]
    # A check that cannot pass before db dies (a passing one would let app start at once).
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 1s }
  app:
    image: ${IMAGES.app}
    depends_on: { db: { condition: service_healthy } }
`,
    );
    const events: ProgressEvent[] = [];
    const failed = await client.up({ file, name: stack, timeoutS: 60 }, { onProgress: (e) => events.push(e) }).then(
      () => assert.fail('the up succeeded'),
      (e: BranchyardError) => e,
    );
    assert.match(failed.message, /service 'db' exited with code 3/);
    const phases = (service: string) => events.filter((e) => e.service === service && e.phase).map((e) => e.phase);
    assert.deepEqual(phases('db'), ['creating', 'starting', 'running', 'failed']);
    assert.deepEqual(phases('app'), ['creating', 'waiting']);
    assert.deepEqual(events.find((e) => e.service === 'app' && e.phase === 'waiting')?.waitingFor, [{ service: 'db', condition: 'healthy' }]);
    const failure = events.find((e) => e.phase === 'failed')?.failure;
    assert.ok(failure, JSON.stringify(events));
    assert.equal(failure.reason, 'exited with code 3');
    assert.equal(failure.exitCode, 3);
    assert.equal(failure.lastLines.length, 20, failure.lastLines.join('\n'));
    assert.deepEqual(failure.lastLines.slice(0, 2), ['line 12', 'line 13']);
    assert.equal(failure.lastLines.at(-1), 'cannot open datadir');
    // app was created up front and never started: the stack says the up did not finish.
    const status = await client.inspectStack({ stack });
    assert.equal(status?.status, 'incomplete');
    assert.deepEqual(status?.notStarted, ['app']);
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
  });

  it("an unhealthy service's failure gives its last healthcheck output", async () => {
    const stack = `${prefix}-sick`;
    const file = tmp.write(
      'sick.yml',
      `name: ${prefix}
services:
  sick:
    image: ${IMAGES.app}
    healthcheck: { test: [CMD-SHELL, "echo probe says no; exit 1"], interval: 500ms, retries: 1 }
`,
    );
    const events: ProgressEvent[] = [];
    const failed = await client.up({ file, name: stack, wait: true, timeoutS: 60 }, { onProgress: (e) => events.push(e) }).then(
      () => assert.fail('the up succeeded'),
      (e: BranchyardError) => e,
    );
    assert.match(failed.message, /service 'sick' is unhealthy \(last healthcheck exit 1: probe says no\)/);
    const failure = events.find((e) => e.service === 'sick' && e.phase === 'failed')?.failure;
    assert.equal(failure?.reason, 'is unhealthy (last healthcheck exit 1: probe says no)');
    assert.equal(failure?.exitCode, undefined);
    assert.equal((await cli(['down', stack, '--no-capture'])).code, 0);
  });

  it('a missing image that cannot be pulled is named', async () => {
    const file = tmp.write('noimage.yml', `name: ${prefix}\nservices:\n  app:\n    image: branchyard-test/does-not-exist:1\n`);
    const r = await cli(['up', file, '--name', `${prefix}-noimg`]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /image 'branchyard-test\/does-not-exist:1' is not on this engine and cannot be pulled/);
    assert.deepEqual(await labelledObjects(prefix), []);
  });

  it('an unreachable engine is one line naming the endpoint', async () => {
    const r = await cli(['ls'], { env: { DOCKER_HOST: 'tcp://127.0.0.1:9' } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:9/);
  });

  it('ls and ps work from the engine alone after the CLI is killed in the middle of an up', async () => {
    const file = tmp.write(
      'slow.yml',
      `name: ${prefix}
services:
  db:
    image: ${IMAGES.app}
    command: [sh, -c, "trap 'exit 0' TERM; sleep 4; touch /tmp/ready; sleep infinity & wait"]
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 1s, start_period: 60s }
  app:
    image: ${IMAGES.app}
    depends_on: { db: { condition: service_healthy } }
`,
    );
    const stack = `${prefix}-killed`;
    const child = cliProcess(['up', file, '--name', stack]);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        if (err.includes('waiting for db')) resolve();
      });
      child.on('close', () => reject(new Error(`up ended before waiting: ${err}`)));
    });
    await untilStates(stack, { db: 'running', app: 'created' });
    child.kill('SIGKILL');
    const ls = await cli(['ls', '--json']);
    assert.equal(ls.code, 0, ls.stderr);
    const listed = (JSON.parse(ls.stdout) as { name: string; status: string; services: { name: string; state: string }[] }[]).find((s) => s.name === stack);
    assert.ok(listed, 'the half-made stack is listed');
    assert.equal(listed.status, 'incomplete');
    assert.deepEqual(listed.services.map((s) => `${s.name} ${s.state}`), ['app created', 'db running']);
    const ps = await cli(['ps', stack]);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, /^db\s+running/m);
    assert.match(ps.stdout, /^app\s+created/m);
    // A second up finishes the job.
    const again = await cli(['up', file, '--name', stack, '--wait', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await cli(['down', stack])).code, 0);
    assert.deepEqual(await labelledObjects(prefix), []);
  });
});
