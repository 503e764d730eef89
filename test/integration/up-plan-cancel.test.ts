// Plan before acting, cancel at any moment, recover from a killed command: `up --dry-run` touches
// nothing; services no longer in the file are captured then removed; Ctrl-C and SIGTERM during a
// health wait end the command within 2 s saying what was done; a SIGKILLed `up` leaves a stack
// that ls shows as incomplete (services created up front but never started) and that `up` and
// `down` then handle.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, cliProcess, docker, labelledObjects, removeAll, runPrefix, serviceStates, tempDir, untilStates } from './harness.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';

const prefix = runPrefix('plan');
const tmp = tempDir();

/** Resolves with the child's stderr so far once it matches `re`. */
function stderrMatching(child: ReturnType<typeof cliProcess>, re: RegExp, timeoutMs = 60_000): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${re} on stderr within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    child.stderr!.on('data', (d) => {
      text += d;
      if (re.test(text)) {
        clearTimeout(t);
        resolve(text);
      }
    });
  });
}

function collect(child: ReturnType<typeof cliProcess>): { text: () => string } {
  let s = '';
  child.stderr!.on('data', (d) => (s += d));
  return { text: () => s };
}

/**
 * `slow` never turns healthy: its check always fails (Branchyard's own runs of it too), and the
 * engine's first is an hour away anyway; `app` waits for it.
 */
function neverHealthy(name: string): string {
  return tmp.write(
    `${name}.yml`,
    `name: ${name}
services:
  slow:
    image: ${IMAGES.app}
    healthcheck: { test: ["CMD", "false"], interval: 1h, start_period: 1h }
    x-ip: 10
  app:
    image: ${IMAGES.app}
    depends_on: { slow: { condition: service_healthy } }
    x-ip: 11
`,
  );
}

describe('plan, cancel and recover', () => {
  before(() => removeAll(prefix));
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('up --dry-run prints every operation with its reason and touches nothing', async () => {
    const name = `${prefix}dry`;
    const file = tmp.write(
      'dry.yml',
      `name: ${name}
services:
  cache: { image: ${IMAGES.redis}, x-ip: 10 }
  web: { image: ${IMAGES.app}, environment: { MODE: a }, depends_on: [cache], x-ip: 11 }
`,
    );
    const before = (await labelledObjects(name)).sort();
    const r = await cli(['up', file, '--name', name, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing was changed/);
    assert.match(r.stdout, /create\s+network \S+_default 10\.\d+\.\d+\.0\/24/);
    assert.match(r.stdout, /create\s+service cache on 10\.\d+\.\d+\.10\s+\(no container yet\)/);
    assert.deepEqual((await labelledObjects(name)).sort(), before, 'a dry run creates nothing');

    assert.equal((await cli(['up', file, '--name', name])).code, 0);
    const changed = tmp.write('dry.yml', (await import('node:fs')).readFileSync(file, 'utf8').replace('MODE: a', 'MODE: b'));
    const j = await cli(['up', changed, '--name', name, '--dry-run', '--json']);
    assert.equal(j.code, 0, j.stderr);
    const plan = JSON.parse(j.stdout);
    assert.deepEqual(
      plan.services.map((s: { service: string; action: string; reasons: string[] }) => [s.service, s.action, s.reasons]),
      [
        ['cache', 'keep', ['running, unchanged']],
        ['web', 'recreate', ['environment MODE changed']],
      ],
    );
    const webBefore = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${name}`, `${LABEL.service}=web`] } }))[0].Id;
    const u = await cli(['up', changed, '--name', name, '--json']);
    assert.equal(u.code, 0, u.stderr);
    const actions = JSON.parse(u.stdout).actions.map((a: { name: string; action: string }) => `${a.name}:${a.action}`);
    assert.deepEqual(actions, ['cache:unchanged', 'web:recreated']);
    const webAfter = (await docker.listContainers({ filters: { label: [`${LABEL.stack}=${name}`, `${LABEL.service}=web`] } }))[0].Id;
    assert.notEqual(webAfter, webBefore);
    assert.equal((await cli(['down', name, '--no-capture'])).code, 0);
  });

  it('a service removed from the file is captured, then removed; --keep-orphans keeps it', async () => {
    const name = `${prefix}orph`;
    const three = `name: ${name}
services:
  cache: { image: ${IMAGES.redis}, x-ip: 10 }
  web: { image: ${IMAGES.app}, x-ip: 11 }
  chatty: { image: ${IMAGES.app}, command: ["sh", "-c", "for i in $$(seq 1 500); do echo line $$i; done; trap 'exit 0' TERM; sleep infinity & wait"], x-ip: 12 }
`;
    const file = tmp.write('orph.yml', three);
    assert.equal((await cli(['up', file, '--name', name, '--wait'])).code, 0);
    // Wait until chatty has logged everything, so the capture can be compared.
    for (let i = 0; i < 50; i++) {
      if ((await cli(['logs', name, 'chatty'])).stdout.includes('line 500\n')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const two = three.replace(/  chatty:.*\n/, '');
    tmp.write('orph.yml', two);

    const kept = await cli(['up', file, '--name', name, '--keep-orphans', '--json']);
    assert.equal(kept.code, 0, kept.stderr);
    assert.deepEqual(JSON.parse(kept.stdout).services.map((s: { name: string }) => s.name).sort(), ['cache', 'chatty', 'web']);

    const dry = await cli(['up', file, '--name', name, '--dry-run']);
    assert.match(dry.stdout, /remove\s+service chatty\s+\(not in the file any more: its logs are captured, then it is removed\)/);

    const r = await cli(['up', file, '--name', name, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.services.map((s: { name: string }) => s.name).sort(), ['cache', 'web']);
    assert.ok(out.orphansCapture?.id, `a capture of the removed service: ${r.stdout}`);
    const shown = await cli(['captures', 'show', out.orphansCapture.id, '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    const manifest = JSON.parse(shown.stdout);
    assert.deepEqual(manifest.services.map((s: { name: string }) => s.name), ['chatty']);
    const logs = await cli(['logs', name, '--capture', out.orphansCapture.id]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout.split('\n').filter((l) => /^chatty\s+\| line \d+$/.test(l)).length, 500, 'every line captured');
    assert.equal((await cli(['down', name, '--no-capture'])).code, 0);
    assert.deepEqual(await labelledObjects(name), []);
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during a health wait that never passes ends up within 2 s, saying what was and was not done`, async () => {
      const name = `${prefix}${sig === 'SIGINT' ? 'int' : 'term'}`;
      const file = neverHealthy(name);
      const child = cliProcess(['up', file, '--name', name, '--wait', '--timeout', '600']);
      const err = collect(child);
      await stderrMatching(child, /waiting for slow to be healthy/);
      // Both containers are created up front; the health wait is under way once slow runs.
      await untilStates(name, { slow: 'running', app: 'created' });
      const t0 = Date.now();
      child.kill(sig);
      const [code] = await once(child, 'exit');
      const took = Date.now() - t0;
      assert.ok(took < 2000, `${sig} took ${took} ms`);
      assert.equal(code, sig === 'SIGINT' ? 130 : 143, err.text());
      assert.match(err.text(), /Done: network \S+, create slow, create app, start slow\. Not done: start app\./);
      assert.deepEqual(await serviceStates(name), { slow: 'running', app: 'created' }, 'app was never started');

      const ls = JSON.parse((await cli(['ls', '--json'])).stdout).find((s: { name: string }) => s.name === name);
      assert.equal(ls.status, 'incomplete');
      assert.deepEqual(ls.missing, []);
      assert.deepEqual(ls.notStarted, ['app']);
      const text = (await cli(['ls'])).stdout;
      assert.match(text, new RegExp(`${name}\\s+incomplete.*1 of 2 services started \\(not started: app\\)`));
      assert.equal((await cli(['down', name, '--no-capture'])).code, 0);
      assert.deepEqual(await labelledObjects(name), []);
    });
  }

  it('a SIGKILLed up leaves labelled containers that ls, up and down handle', async () => {
    const name = `${prefix}kill`;
    const file = tmp.write(
      'kill.yml',
      `name: ${name}
services:
  slow:
    image: ${IMAGES.app}
    command: ["sh", "-c", "trap 'exit 0' TERM; (sleep 6; touch /tmp/ready) & sleep infinity & wait"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 500ms, start_period: 30s }
    x-ip: 10
  app:
    image: ${IMAGES.app}
    depends_on: { slow: { condition: service_healthy } }
    x-ip: 11
  side: { image: ${IMAGES.redis}, x-ip: 12 }
`,
    );
    const child = cliProcess(['up', file, '--name', name, '--wait']);
    await stderrMatching(child, /waiting for slow to be healthy/);
    // Every container is created up front; slow and side (no dependency) start at once, app
    // only once slow is healthy, which is seconds away.
    await untilStates(name, { slow: 'running', side: 'running', app: 'created' });
    child.kill('SIGKILL');
    await once(child, 'exit');

    const listed = JSON.parse((await cli(['ls', '--json'])).stdout).find((s: { name: string }) => s.name === name);
    assert.equal(listed.status, 'incomplete');
    assert.deepEqual(listed.missing, []);
    assert.deepEqual(listed.notStarted, ['app']);
    assert.deepEqual(listed.expected, ['slow', 'app', 'side']);
    const ps = await cli(['ps', name]);
    assert.match(ps.stdout, /incomplete \(2 of 3 services started \(not started: app\)\)/);
    assert.match(ps.stdout, /^app\s+created\s/m);
    const dry = await cli(['up', file, '--name', name, '--dry-run']);
    assert.match(dry.stdout, /start\s+service app on \S+\s+\(created, never started, unchanged\)/);

    const again = await cli(['up', file, '--name', name, '--wait', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const actions = Object.fromEntries(JSON.parse(again.stdout).actions.map((a: { name: string; action: string }) => [a.name, a.action]));
    assert.deepEqual(actions, { slow: 'unchanged', app: 'started', side: 'unchanged' });
    const ls = JSON.parse((await cli(['ls', '--json'])).stdout).find((s: { name: string }) => s.name === name);
    assert.equal(ls.status, 'running');
    assert.deepEqual(ls.missing, []);
    assert.deepEqual(ls.notStarted, []);

    assert.equal((await cli(['down', name])).code, 0);
    assert.deepEqual(await labelledObjects(name), []);
  });
});
