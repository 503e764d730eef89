// The engine watchdog against a real HTTP server on a unix socket that plays a Docker engine: it
// answers /_ping, has a slow `stop` and a slow log stream, and can be told to stall (hold every
// request, pings included, as a frozen dockerd does). Timings are scaled down (200 ms instead of
// 3 s) so these run in about two seconds.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { DEFAULT_ENGINE_TIMEOUT_S, engineTimeoutS, runEngineOperation } from '../../electron/engine/docker/engineOperation.ts';
import { fileSettingsStore } from '../../electron/engine/settings/settingsStore.ts';
import { type WatchdogTiming, watchEngine } from '../../electron/engine/docker/watchdog.ts';

const FAST: WatchdogTiming = { stallAfterMs: 200, answerWithinMs: 100, pingEveryMs: 50, pingTimeoutMs: 300 };
const SLOW_MS = 700;

function fakeEngine() {
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-watchdog-'));
  const socketPath = join(dir, 'engine.sock');
  let stalled = false;
  const held: (() => void)[] = [];
  const closedEarly: string[] = [];
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (res.destroyed) return;
    const url = req.url ?? '';
    if (url.endsWith('/_ping')) return void res.end('OK');
    if (url.includes('/stop')) return void setTimeout(() => res.writeHead(204).end(), SLOW_MS);
    if (url.includes('/logs')) {
      // Headers at once, then a line every 100 ms: a healthy, slow stream.
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const t = setInterval(() => (++n * 100 >= SLOW_MS ? (clearInterval(t), res.end('last\n')) : res.write('line\n')), 100);
      return;
    }
    if (url.includes('/containers/json')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such thing"}');
  };
  const server = createServer((req, res) => {
    res.on('close', () => !res.writableFinished && closedEarly.push(req.url ?? ''));
    if (stalled) held.push(() => route(req, res));
    else route(req, res);
  });
  return {
    socketPath,
    endpoint: `unix://${socketPath}`,
    closedEarly,
    listen: () => new Promise<void>((r) => server.listen(socketPath, r)),
    stall: () => void (stalled = true),
    unstall: () => {
      stalled = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () => {
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const engine = fakeEngine();
let docker: Docker;

/** Runs `fn` as an operation and records its progress with the time since the start. */
function operation<T>(fn: () => Promise<T>, o: { limitMs?: number; signal?: AbortSignal } = {}) {
  const t0 = Date.now();
  const events: { at: number; message: string }[] = [];
  const result = runEngineOperation(
    { signal: o.signal, progress: (e) => events.push({ at: Date.now() - t0, message: e.message }), silenceLimitMs: o.limitMs ?? 10_000 },
    fn,
  );
  return { t0, events, result };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('engine watchdog', { timeout: 20_000 }, () => {
  before(async () => {
    await engine.listen();
    docker = new Docker({ socketPath: engine.socketPath });
    watchEngine(docker.modem, engine.endpoint, FAST);
  });
  after(() => engine.close());

  it('reports a stalled request as waiting for the engine, then that it answers again', async () => {
    const op = operation(async () => {
      engine.stall();
      setTimeout(engine.unstall, 800);
      return docker.listContainers();
    });
    assert.deepEqual(await op.result, []);
    assert.equal(op.events.length, 2, JSON.stringify(op.events));
    const [waiting, again] = op.events;
    assert.match(waiting.message, new RegExp(`^waiting for the Docker engine at ${engine.endpoint}: no answer for \\d+ s`));
    // stall threshold (200) + a ping not answered within 100 ms
    assert.ok(waiting.at >= 280 && waiting.at < 600, `waiting came after ${waiting.at} ms`);
    assert.match(again.message, new RegExp(`^the Docker engine at ${engine.endpoint} answers again`));
    assert.ok(again.at >= 790 && again.at < 1000, `answers again came after ${again.at} ms`);
  });

  it('fails a request the engine has left unanswered for the limit with engine-unreachable, whatever the handler made of it', async () => {
    engine.stall();
    try {
      let later: unknown;
      const op = operation(
        async () => {
          try {
            await docker.listContainers();
          } catch (e) {
            // As waitForService does with a failed inspect: the watchdog's cause must still win.
            later = await docker.ping().catch((e2) => e2);
            throw new Error(`service 'db' disappeared: ${(e as Error).message}`);
          }
        },
        { limitMs: 600 },
      );
      const failure = await op.result.then(
        () => assert.fail('the operation succeeded'),
        (e) => e,
      );
      const took = Date.now() - op.t0;
      assert.ok(failure instanceof BranchyardError, String(failure));
      assert.equal(failure.kind, 'engine-unreachable');
      assert.match(failure.message, new RegExp(`^the Docker engine stopped answering: no answer from ${engine.endpoint} for \\d+ s`));
      assert.ok(took >= 590 && took < 900, `failed after ${took} ms`);
      // Once given up on, the operation's next request fails at once instead of hanging too.
      assert.equal((later as BranchyardError)?.kind, 'engine-unreachable');
      assert.match(op.events[0]?.message ?? '', /^waiting for the Docker engine/);
    } finally {
      engine.unstall();
    }
  });

  it('counts the limit from the start of a silence: a short one late in a long operation is survived', async () => {
    const op = operation(async () => {
      // The operation runs past its limit with the engine answering...
      for (let i = 0; i < 8; i++) {
        await docker.listContainers();
        await sleep(100);
      }
      // ...then meets a silence longer than the stall threshold but shorter than the limit.
      engine.stall();
      setTimeout(engine.unstall, 450);
      return docker.listContainers();
    }, { limitMs: 700 });
    assert.ok(Array.isArray(await op.result));
    assert.ok(Date.now() - op.t0 > 700, 'the operation lasted longer than its limit');
    assert.match(op.events.map((e) => e.message).join('\n'), /waiting for the Docker engine[\s\S]*answers again/);
  });

  it('reports nothing for slow requests and streams while the engine answers its pings', async () => {
    const op = operation(async () => {
      await docker.getContainer('slow').stop();
      const text = await new Promise<string>((resolve, reject) => {
        docker.modem.dial({ path: '/containers/slow/logs?', method: 'GET', isStream: true, statusCodes: { 200: true }, options: { follow: true } }, (err, res) => {
          if (err) return reject(err);
          let body = '';
          (res as IncomingMessage).on('data', (c) => (body += c)).on('end', () => resolve(body)).on('error', reject);
        });
      });
      return text;
    }, { limitMs: 1000 });
    // Longer than the limit in all, and each part longer than the stall threshold.
    assert.match(await op.result, /last\n$/);
    assert.deepEqual(op.events, []);
  });

  it('aborts the operation\'s in-flight request at once when it is cancelled', async () => {
    const abort = new AbortController();
    const before = engine.closedEarly.length;
    const op = operation(
      async () => {
        try {
          await docker.getContainer('slow').stop();
        } catch (e) {
          throw new Error(`stopping failed: ${(e as Error).message}`);
        }
      },
      { signal: abort.signal },
    );
    await sleep(100);
    const t = Date.now();
    abort.abort();
    const failure = await op.result.then(
      () => assert.fail('the stop was not aborted'),
      (e) => e,
    );
    assert.ok(Date.now() - t < 100, `took ${Date.now() - t} ms after the abort`);
    assert.equal((failure as Error).name, 'AbortError');
    await sleep(50);
    assert.deepEqual(engine.closedEarly.slice(before), ['/containers/slow/stop']);
  });

  it('leaves requests outside every operation alone', async () => {
    engine.stall();
    const pending = docker.listContainers();
    await sleep(FAST.stallAfterMs + FAST.answerWithinMs + 200);
    engine.unstall();
    assert.deepEqual(await pending, []);
  });

  it('runs every request of the contract as an operation, timed by its timeoutS, else BRANCHYARD_ENGINE_TIMEOUT', async () => {
    const handlers = createHandlers({ engine: async () => ({ docker, endpoint: engine.endpoint, apiVersion: '1.41' }), settings: fileSettingsStore() });
    const call = async (fn: (c: { signal: AbortSignal; progress: (e: { message: string }) => void }) => Promise<unknown>) => {
      const messages: string[] = [];
      const t0 = Date.now();
      const error = await fn({ signal: new AbortController().signal, progress: (e) => messages.push(e.message) }).then(
        () => assert.fail('the request succeeded against a stalled engine'),
        (e) => e,
      );
      return { error: error as BranchyardError, took: Date.now() - t0, messages };
    };
    const saved = process.env.BRANCHYARD_ENGINE_TIMEOUT;
    engine.stall();
    try {
      process.env.BRANCHYARD_ENGINE_TIMEOUT = '0.5';
      const ls = await call((c) => handlers.requests.listStacks({}, c));
      assert.equal(ls.error.kind, 'engine-unreachable', String(ls.error));
      assert.ok(ls.took >= 490 && ls.took < 800, `listStacks failed after ${ls.took} ms`);
      // A request's own timeoutS wins over the variable.
      const rd = await call((c) => handlers.requests.redeploy({ stack: 'shop-main', timeoutS: 0.8 }, c));
      assert.equal(rd.error.kind, 'engine-unreachable', String(rd.error));
      assert.match(rd.error.message, /the operation's timeout is 1 s/);
      assert.ok(rd.took >= 790 && rd.took < 1100, `redeploy failed after ${rd.took} ms`);
      assert.match(rd.messages[0] ?? '', /^waiting for the Docker engine/);
    } finally {
      engine.unstall();
      if (saved === undefined) delete process.env.BRANCHYARD_ENGINE_TIMEOUT;
      else process.env.BRANCHYARD_ENGINE_TIMEOUT = saved;
    }
  });

  it('reads BRANCHYARD_ENGINE_TIMEOUT, refusing what is not a number of seconds', () => {
    assert.equal(engineTimeoutS({}), DEFAULT_ENGINE_TIMEOUT_S);
    assert.equal(engineTimeoutS({ BRANCHYARD_ENGINE_TIMEOUT: '7.5' }), 7.5);
    assert.throws(() => engineTimeoutS({ BRANCHYARD_ENGINE_TIMEOUT: 'soon' }), (e: unknown) => (e as BranchyardError).kind === 'invalid-input');
    assert.throws(() => engineTimeoutS({ BRANCHYARD_ENGINE_TIMEOUT: '0' }), BranchyardError);
  });
});
