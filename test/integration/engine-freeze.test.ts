// A Docker engine that stops answering (dockerd frozen with SIGSTOP) during `up` and `down`: the
// command line says it is waiting for the engine, carries on when it answers again, fails with
// "the Docker engine stopped answering" once it has been silent for the timeout, and Ctrl-C ends it at once
// even while a `stop` is pending.
//
// dockerd is shared with everything else on this machine, so every freeze is short (at most
// 12 s), is ended in a `finally`, and is guarded by a detached process of its own that resumes
// dockerd 25 s later even if this test process dies in between.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { IMAGES, cli, cliProcess, labelledObjects, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('frz');
const tmp = tempDir();
const MAX_FREEZE_MS = 12_000;

// The app needs about 3 s to turn healthy, so an `up --wait` is still waiting when the engine is
// frozen; its main process (sleep as PID 1) ignores SIGTERM, so its `stop` waits out the 5 s
// grace period, long enough to freeze the engine or press Ctrl-C in the middle of it.
const file = tmp.write(
  'stack.yml',
  `name: ${prefix}
services:
  redis:
    x-preset: redis
    image: ${IMAGES.redis}
    x-ip: 10
  app:
    image: ${IMAGES.app}
    command: [sh, -c, "sleep 3; touch /tmp/ready; exec sleep 600"]
    healthcheck: { test: [CMD, test, -f, /tmp/ready], interval: 500ms, timeout: 2s, retries: 60 }
    stop_grace_period: 5s
    depends_on: { redis: { condition: service_healthy } }
    x-ip: 20
`,
);

function comm(pid: string | number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function dockerdPid(): number {
  try {
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
    if (pid > 0 && comm(pid) === 'dockerd') return pid;
  } catch {
    // no pid file: look through /proc
  }
  const found = readdirSync('/proc').find((d) => /^\d+$/.test(d) && comm(d) === 'dockerd');
  if (!found) throw new Error('no dockerd process on this machine');
  return Number(found);
}

interface Freeze {
  /** When dockerd was stopped (Date.now()). */
  at: number;
  /** Resumes dockerd (idempotent); also happens by itself after `ms`. */
  thaw(): void;
}

/** Stops dockerd for `ms` at most. Call thaw() in a finally. */
function freezeEngine(ms: number): Freeze {
  assert.ok(ms <= MAX_FREEZE_MS, `a freeze of ${ms} ms is too long for a shared engine`);
  const pid = dockerdPid();
  // First the guard, in a session of its own: it resumes dockerd even if this process is killed.
  const guard = spawn('setsid', ['sh', '-c', `sleep 25; kill -CONT ${pid}`], { stdio: 'ignore' });
  guard.unref();
  let thawed = false;
  const thaw = () => {
    if (thawed) return;
    thawed = true;
    clearTimeout(timer);
    process.off('exit', thaw);
    process.kill(pid, 'SIGCONT');
    // dockerd runs again: the guard is not needed any more (it must not resume a later freeze).
    try {
      if (guard.pid) process.kill(-guard.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', thaw);
  process.kill(pid, 'SIGSTOP');
  const at = Date.now();
  const timer = setTimeout(thaw, ms);
  return { at, thaw };
}

/** A running command line whose stderr can be waited on. */
function run(args: string[]) {
  const child: ChildProcess = cliProcess(args);
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  /** When the first progress line came: the operation had started by then. */
  let firstLineAt = 0;
  const waiters: { re: RegExp; resolve: (at: number) => void }[] = [];
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    firstLineAt ||= Date.now();
    stderr += d;
    for (const w of [...waiters]) {
      if (w.re.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(Date.now());
      }
    }
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('close', (code) => resolve({ code, at: Date.now() })));
  return {
    child,
    started,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get firstLineAt() {
      return firstLineAt;
    },
    /** Resolves with the time `re` first matched stderr; rejects after `ms` or when the command ends. */
    waitFor(re: RegExp, ms: number): Promise<number> {
      if (re.test(stderr)) return Promise.resolve(Date.now());
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${re} on stderr within ${ms} ms:\n${stderr}`)), ms);
        const w = { re, resolve: (at: number) => (clearTimeout(t), resolve(at)) };
        waiters.push(w);
        void exited.then(() => {
          if (waiters.includes(w)) {
            clearTimeout(t);
            reject(new Error(`the command ended before ${re} appeared on stderr:\n${stderr}`));
          }
        });
      });
    },
  };
}

const WAITING = /waiting for the Docker engine at \S+: no answer for \d+ s/;
const AGAIN = /the Docker engine at \S+ answers again/;

async function assertGone(stack: string): Promise<void> {
  assert.deepEqual((await labelledObjects(prefix)).filter((o) => o.includes(stack)), []);
}

describe('a Docker engine that stops answering', { timeout: 240_000 }, () => {
  const first = `${prefix}-one`;
  const second = `${prefix}-two`;
  before(async () => {
    await removeAll(prefix);
    // Bundles the command line now if a source changed, so `up --timeout 6` below does not
    // spend its seconds on that.
    assert.equal((await cli(['--help'])).code, 0);
  });
  after(async () => {
    await removeAll(prefix);
    tmp.remove();
  });

  it('up --wait says it waits for the engine during a freeze, then completes', async () => {
    const up = run(['up', file, '--name', first, '--wait', '--timeout', '120']);
    await up.waitFor(/\[app\] created on/, 60_000);
    const freeze = freezeEngine(8000);
    try {
      const waitingAt = await up.waitFor(WAITING, 7000);
      const againAt = await up.waitFor(AGAIN, 8000);
      console.log(`# up: "waiting" ${waitingAt - freeze.at} ms after the freeze, "answers again" ${againAt - freeze.at} ms after it`);
      assert.ok(waitingAt - freeze.at >= 2500, `"waiting" came ${waitingAt - freeze.at} ms after the freeze: too soon for a 3 s threshold`);
      assert.ok(againAt - freeze.at >= 7900, `"answers again" came while dockerd was still frozen`);
    } finally {
      freeze.thaw();
    }
    const { code } = await up.exited;
    assert.equal(code, 0, up.stderr);
    assert.match(up.stdout, /app\s.*healthy/);
  });

  it('up --timeout 6 fails with "the Docker engine stopped answering"; after it, up converges and down works', async () => {
    const up = run(['up', file, '--name', second, '--wait', '--timeout', '6']);
    await up.waitFor(/\[app\] created on/, 60_000);
    const freeze = freezeEngine(MAX_FREEZE_MS);
    let ended: { code: number | null; at: number };
    try {
      ended = await up.exited;
    } finally {
      freeze.thaw();
    }
    console.log(
      `# up --timeout 6: failed ${ended.at - up.started} ms after it started (${ended.at - up.firstLineAt} ms after its first line), ` +
        `${ended.at - freeze.at} ms after the freeze`,
    );
    assert.equal(ended.code, 1, up.stderr);
    assert.match(up.stderr, /error: the Docker engine stopped answering: no answer from \S+ for \d+ s/);
    // When the engine has been silent for the timeout, not before, and soon after, while dockerd
    // was still frozen (the freeze lasts 12 s): the limit counts from the start of the silence.
    assert.ok(ended.at - freeze.at >= 6000, `failed ${ended.at - freeze.at} ms into the freeze, before the timeout`);
    assert.ok(ended.at - freeze.at < 6000 + 2500, `failed ${ended.at - freeze.at} ms into the freeze`);
    assert.ok(ended.at - freeze.at < MAX_FREEZE_MS - 500, 'the command did not end before dockerd was resumed');

    const again = await cli(['up', file, '--name', second, '--wait', '--timeout', '120']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /app\s.*healthy/);
    const down = await cli(['down', second, '--volumes']);
    assert.equal(down.code, 0, down.stderr);
    await assertGone(second);
  });

  it('Ctrl-C ends a down at once while a stop is pending', async () => {
    const stack = `${prefix}-int`;
    const up = await cli(['up', file, '--name', stack, '--timeout', '120']);
    assert.equal(up.code, 0, up.stderr);
    const down = run(['down', stack, '--volumes']);
    await down.waitFor(/\[app\] stopping/, 30_000);
    await new Promise((r) => setTimeout(r, 300)); // the stop request is out
    const sent = Date.now();
    down.child.kill('SIGINT');
    const ended = await down.exited;
    console.log(`# down: ended ${ended.at - sent} ms after Ctrl-C`);
    assert.ok(ended.at - sent < 2000, `ended ${ended.at - sent} ms after Ctrl-C (the stop takes 5 s)`);
    assert.equal(ended.code, 130, down.stderr);
    assert.match(down.stderr, /error: teardown cancelled: nothing was removed/);
    const again = await cli(['down', stack, '--volumes']);
    assert.equal(again.code, 0, again.stderr);
    await assertGone(stack);
  });

  it('down says it waits for the engine during a freeze, then removes the stack', async () => {
    const down = run(['down', first, '--volumes']);
    await down.waitFor(/\[app\] stopping/, 30_000);
    const freeze = freezeEngine(8000);
    try {
      const waitingAt = await down.waitFor(WAITING, 7000);
      const againAt = await down.waitFor(AGAIN, 8000);
      console.log(`# down: "waiting" ${waitingAt - freeze.at} ms after the freeze, "answers again" ${againAt - freeze.at} ms after it`);
    } finally {
      freeze.thaw();
    }
    const { code } = await down.exited;
    assert.equal(code, 0, down.stderr);
    assert.match(down.stdout, /stack \S+ removed: 2 containers, 1 networks, 1 volumes/);
    await assertGone(first);
  });
});
