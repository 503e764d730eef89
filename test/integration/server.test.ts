// The browser-mode server against the real engine: a real HTTP + WebSocket server on a random
// port, real handlers, clients made with the ws package. Every refusal is checked with the
// request that would otherwise have worked, so a test fails if the check it names is missing.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { createClient } from '../../shared/api/client.ts';
import { encodeMessage } from '../../shared/api/codec.ts';
import { connectWebSocket, webSocketPort } from '../../shared/api/webSocketPort.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { connectInProcess } from '../../electron/engine/api/inProcess.ts';
import { openEventStreams } from '../../electron/engine/docker/engineEvents.ts';
import { captureDownloadUrl, captureDownloads } from '../../electron/engine/server/downloads.ts';
import { type RunningServer, startServer } from '../../electron/engine/server/startServer.ts';

const SECRET = `secret-${process.pid}-${Date.now()}`;
let dir: string;
let server: RunningServer;
let origin: string;
const sockets = new Set<WebSocket>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'branchyard-server-'));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Branchyard</title><script src="app.js"></script>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log("ui")');
  // Files outside the served folder that no request may read.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ secret: SECRET }));
  symlinkSync(join(dir, 'package.json'), join(staticDir, 'leak.json'));
  server = await startServer({ handlers: createHandlers(createEngineContext()), staticDir });
  origin = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  for (const ws of sockets) ws.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET: the path is sent exactly as given (no client-side `..` normalisation). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Opened = { ws: WebSocket } | { status: number; body: string };

function openSocket(query: string, o: { origin?: string; headers?: Record<string, string>; port?: number } = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${o.port ?? server.port}/api${query}`, { origin: o.origin, headers: o.headers });
    sockets.add(ws);
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    ws.on('error', reject);
  });
}

function opened(o: Opened): WebSocket {
  if (!('ws' in o)) throw new Error(`expected an open socket, got HTTP ${o.status}: ${o.body}`);
  return o.ws;
}

function refused(o: Opened): number {
  if ('ws' in o) {
    o.ws.terminate();
    throw new Error('the upgrade was accepted');
  }
  return o.status;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Connection refused (or no route): nothing listens there. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(2000, () => (s.destroy(), resolve(false)));
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

test('the server listens on 127.0.0.1 only', async () => {
  assert.equal(new URL(server.url).hostname, '127.0.0.1');
  assert.equal(new URL(server.url).searchParams.get('token'), server.token);
  assert.ok(await reachable('127.0.0.1', server.port));
  // 127.0.0.2 is loopback too on Linux: a server bound to 0.0.0.0 would answer there.
  assert.equal(await reachable('127.0.0.2', server.port), false);
  for (const nets of Object.values(networkInterfaces())) {
    for (const n of nets ?? []) {
      if (n.family === 'IPv4' && !n.internal) assert.equal(await reachable(n.address, server.port), false, n.address);
    }
  }
});

test('the token is long, random and URL-safe', async () => {
  assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
  const other = await startServer({ handlers: createHandlers(createEngineContext()) });
  try {
    assert.notEqual(other.token, server.token);
    assert.notEqual(other.port, server.port);
  } finally {
    await other.close();
  }
});

test('the right token and Origin connect, and requests are answered through the contract client', { timeout: 30_000 }, async () => {
  const ws = opened(await openSocket(`?token=${server.token}`, { origin }));
  const client = createClient(webSocketPort(ws));
  const local = connectInProcess(createHandlers(createEngineContext()));
  try {
    // Other test runs may change stacks meanwhile: the two listings must agree once taken together.
    let agreed = false;
    for (let i = 0; i < 10 && !agreed; i++) {
      const [remote, here] = await Promise.all([client.listStacks({}), local.client.listStacks({})]);
      assert.ok(Array.isArray(remote));
      agreed = isDeepStrictEqual(remote, here);
    }
    assert.ok(agreed, 'listStacks over the WebSocket never matched the in-process answer');
    // An error crosses as a BranchyardError with its kind, as it does in process.
    const file = join(dir, 'no-such-stack.yml');
    const remote = await client.validate({ file }).then(
      () => assert.fail('validate of a missing file resolved'),
      (e: unknown) => e,
    );
    const inProcess = await local.client.validate({ file }).then(
      () => assert.fail('validate of a missing file resolved'),
      (e: unknown) => e,
    );
    assert.ok(remote instanceof BranchyardError);
    assert.ok(inProcess instanceof BranchyardError);
    assert.equal(remote.kind, inProcess.kind);
    assert.equal(remote.message, inProcess.message);
  } finally {
    client.close();
    local.client.close();
  }
});

test('connectWebSocket resolves a working port, and rejects a wrong token without echoing it', async () => {
  class FromOurPage extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const client = createClient(await connectWebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, FromOurPage));
  try {
    assert.ok(Array.isArray(await client.engineInfo({}).then(() => [])));
  } finally {
    client.close();
  }
  const wrong = 'W'.repeat(43);
  await assert.rejects(connectWebSocket(`ws://127.0.0.1:${server.port}/api?token=${wrong}`, FromOurPage), (e: unknown) => {
    assert.ok(e instanceof BranchyardError);
    assert.equal(e.kind, 'engine-unreachable');
    assert.match(e.message, /127\.0\.0\.1/);
    assert.ok(!e.message.includes(wrong), e.message);
    return true;
  });
});

test('a wrong or missing token is refused with 401 before any WebSocket exists', async () => {
  await until('earlier sockets to be gone', () => server.open().connections === 0);
  assert.equal(refused(await openSocket(`?token=${'x'.repeat(43)}`, { origin })), 401);
  assert.equal(refused(await openSocket(`?token=${server.token.slice(1)}`, { origin })), 401);
  assert.equal(refused(await openSocket('', { origin })), 401);
  assert.equal(refused(await openSocket('?token=', { origin })), 401);
  assert.equal(refused(await openSocket('', { origin, headers: { Cookie: `branchyard_token_${server.port}=nope` } })), 401);
  assert.equal(server.open().connections, 0);
});

test('a browser refused its token gets a page that says how to get in, not a bare line', async () => {
  const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const none = await get('/', html);
  assert.equal(none.status, 401);
  assert.equal(none.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(none.body, /<h1>This address needs its token<\/h1>/);
  assert.match(none.body, new RegExp(`open http://127\\.0\\.0\\.1:${server.port}/\\?token=…`));
  assert.doesNotMatch(none.body, /<script/, 'nothing the CSP would have to allow');
  assert.ok(none.headers['content-security-policy']);
  // A cookie or an address from before `serve --new-token`: the page says what happened.
  for (const old of [await get('/', { ...html, Cookie: `branchyard_token_${server.port}=${'o'.repeat(43)}` }), await get(`/?token=${'o'.repeat(43)}`, html)]) {
    assert.equal(old.status, 401);
    assert.match(old.body, /<h1>This Branchyard server has a new token<\/h1>/);
    assert.match(old.body, /run <code>branchyard serve<\/code> and open the address it prints/);
    assert.ok(!old.body.includes('o'.repeat(43)), 'the refused token is not echoed');
  }
  const head = await get('/', { ...html, Cookie: `branchyard_token_${server.port}=nope` }, 'HEAD');
  assert.equal(head.status, 401);
  assert.equal(head.body, '');
  // Scripts and fetches still get one line of text.
  assert.equal((await get('/app.js')).body.trim().split('\n').length, 1);
});

test('a foreign or missing Origin is refused with 403, even with the right token', async () => {
  assert.equal(refused(await openSocket(`?token=${server.token}`, { origin: 'http://evil.example' })), 403);
  assert.equal(refused(await openSocket(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port + 1}` })), 403);
  assert.equal(refused(await openSocket(`?token=${server.token}`, { origin: `https://127.0.0.1:${server.port}` })), 403);
  assert.equal(refused(await openSocket(`?token=${server.token}`)), 403);
  // The same request from our own origin is accepted: the refusals above are the Origin's doing.
  opened(await openSocket(`?token=${server.token}`, { origin: `http://localhost:${server.port}` })).close();
});

test('a wrong Host header is refused with 403 (DNS rebinding)', async () => {
  const evil = { Host: `evil.example:${server.port}` };
  assert.equal(refused(await openSocket(`?token=${server.token}`, { origin, headers: evil })), 403);
  assert.equal((await get(`/?token=${server.token}`, evil)).status, 403);
  assert.equal((await get(`/?token=${server.token}`, { Host: `127.0.0.1:${server.port + 1}` })).status, 403);
  assert.equal((await get(`/?token=${server.token}`, { Host: `localhost:${server.port}` })).status, 303, 'let in: the token is exchanged');
});

test('pages need the token; it is exchanged once for a cookie and leaves the address', async () => {
  const anonymous = await get('/');
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.trim().split('\n').length, 1);
  assert.ok(!anonymous.body.includes('<title>'));
  assert.equal((await get('/index.html?token=nope')).status, 401);

  const exchange = await get(`/?token=${server.token}`);
  assert.equal(exchange.status, 303, 'the token is exchanged for the cookie by a redirect');
  assert.equal(exchange.headers.location, '/', 'to the same address without the token');
  assert.ok(!exchange.body.includes(server.token));
  const deep = await get(`/index.html?lang=zh&token=${server.token}`);
  assert.equal(deep.status, 303);
  assert.equal(deep.headers.location, '/index.html?lang=zh', 'other parameters stay');
  const setCookie = [exchange.headers['set-cookie'] ?? []].flat();
  const page = await get('/', { Cookie: setCookie[0]?.split(';')[0] ?? '' });
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Branchyard<\/title>/);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(
    page.headers['content-security-policy'],
    `default-src 'self'; connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
  );
  assert.equal(page.headers['set-cookie'], undefined, 'a load with the cookie sets none');
  assert.equal(setCookie.length, 1);
  const parts = setCookie[0].split(';').map((p) => p.trim());
  assert.equal(parts[0], `branchyard_token_${server.port}=${server.token}`);
  assert.ok(parts.includes('HttpOnly'));
  assert.ok(parts.includes('SameSite=Strict'));
  assert.ok(parts.includes('Path=/'));

  const cookie = { Cookie: parts[0] };
  const again = await get('/index.html', cookie);
  assert.equal(again.status, 200);
  assert.equal(again.body, page.body);
  assert.equal(again.headers['set-cookie'], undefined);
  const script = await get('/app.js', cookie);
  assert.equal(script.status, 200);
  assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await get('/missing.js', cookie)).status, 404);
  assert.equal((await get('/', cookie, 'POST')).status, 405);
  // The page's WebSocket carries only the cookie.
  opened(await openSocket('', { origin, headers: cookie })).close();
});

test('at most maxConnections WebSockets: the next is refused saying why, and one closing makes room', { timeout: 20_000 }, async () => {
  const small = await startServer({ handlers: createHandlers(createEngineContext()), maxConnections: 2 });
  const o = { origin: `http://127.0.0.1:${small.port}`, port: small.port };
  try {
    const a = opened(await openSocket(`?token=${small.token}`, o));
    opened(await openSocket(`?token=${small.token}`, o));
    const third = await openSocket(`?token=${small.token}`, o);
    assert.equal(refused(third), 503);
    assert.match((third as { body: string }).body, /too many connections to this Branchyard server \(2 are open/);
    // A stranger hears 401, not that the server is full.
    assert.equal(refused(await openSocket('?token=nope', o)), 401);
    const aClosed = closeOf(a);
    a.close();
    await aClosed;
    await until('the closed connection is let go', () => small.open().connections === 1);
    opened(await openSocket(`?token=${small.token}`, o)).close();
  } finally {
    await small.close();
  }
});

test('a connection that is not let in is closed when idle; a WebSocket that is may stay quiet', { timeout: 20_000 }, async () => {
  const quick = await startServer({ handlers: createHandlers(createEngineContext()), idleMs: 400 });
  try {
    const raw = connect(quick.port, '127.0.0.1');
    const t0 = Date.now();
    await new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const took = Date.now() - t0;
    assert.ok(took >= 300 && took < 3000, `closed after ${took} ms`);
    const ws = opened(await openSocket(`?token=${quick.token}`, { origin: `http://127.0.0.1:${quick.port}`, port: quick.port }));
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(ws.readyState, WebSocket.OPEN, 'the WebSocket is still open after three idle periods');
    ws.close();
  } finally {
    await quick.close();
  }
});

test('the page names no path on the engine\'s machine: templates by id, content it sends, exports as downloads', { timeout: 30_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'branchyard-own-'));
  const before = process.env.BRANCHYARD_DATA_DIR;
  process.env.BRANCHYARD_DATA_DIR = data;
  const own = await startServer({ handlers: createHandlers(createEngineContext(), { fileAccess: 'own' }) });
  const client = createClient(webSocketPort(opened(await openSocket(`?token=${own.token}`, { origin: `http://127.0.0.1:${own.port}`, port: own.port }))));
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => assert.fail('resolved'),
      (e: unknown) => e as BranchyardError,
    );
  try {
    const outside = join(dir, 'outside.yml');
    writeFileSync(outside, 'name: outside\nservices:\n  web: { image: x }\n');
    const e1 = await refusal(client.validate({ file: outside }));
    assert.equal(e1.kind, 'invalid-input');
    assert.match(e1.message, /file: this front end cannot read files elsewhere on the engine's machine/);
    const e2 = await refusal(client.exportLogs({ source: { kind: 'live', stack: 'x' }, path: join(dir, 'out.log') }));
    assert.match(e2.message, /path: this front end cannot write files on the engine's machine: export as a download/);
    assert.equal(existsSync(join(dir, 'out.log')), false);

    mkdirSync(join(data, 'templates'), { recursive: true });
    writeFileSync(join(data, 'templates', 'shop.yml'), 'name: shop\nservices:\n  web: { image: x }\n  db: { image: y }\n');
    assert.deepEqual((await client.validate({ template: 'shop', branch: 'main' })).services, ['web', 'db']);
    const e3 = await refusal(client.validate({ template: '../outside' }));
    assert.match(e3.message, /template: '\.\.\/outside' is not a template id/);
    // A file already in the templates folder may be named by path too.
    assert.equal((await client.validate({ file: join(data, 'templates', 'shop.yml') })).template, 'shop');

    const sent = await client.validate({ content: 'name: sent\nservices:\n  api: { image: z }\n', branch: 'feature/x' });
    assert.deepEqual([sent.stack, sent.services], ['sent-feature-x', ['api']]);
    // What the sent file reads beside it must be in the engine's own folder too.
    const e4 = await refusal(client.validate({ content: `name: sneaky\nservices:\n  api: { image: z, env_file: ${join(dir, 'package.json')} }\n` }));
    assert.match(e4.message, /env_file.*this front end may only read files in /);
  } finally {
    client.close();
    await own.close();
    if (before === undefined) delete process.env.BRANCHYARD_DATA_DIR;
    else process.env.BRANCHYARD_DATA_DIR = before;
    rmSync(data, { recursive: true, force: true });
  }
});

test('a capture downloads as a file behind the token; the page cannot move the folders or the Docker endpoint', { timeout: 30_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'branchyard-dl-'));
  const saved = { data: process.env.BRANCHYARD_DATA_DIR, captures: process.env.BRANCHYARD_CAPTURE_DIR };
  process.env.BRANCHYARD_DATA_DIR = data;
  const captures = join(data, 'captures');
  process.env.BRANCHYARD_CAPTURE_DIR = captures;
  // An archive as a teardown leaves it (the bytes do not matter to a download).
  const id = 'shop-main/20261121T101500.123Z';
  mkdirSync(join(captures, 'shop-main'), { recursive: true });
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
  writeFileSync(join(captures, 'shop-main', '20261121T101500.123Z.tar.gz'), bytes);
  writeFileSync(join(dir, 'secret.tar.gz'), SECRET);
  const ctx = createEngineContext();
  const own = await startServer({
    handlers: createHandlers(ctx, { fileAccess: 'own', captureDownloadUrl }),
    downloads: captureDownloads(() => ctx.settings.get().captureDir),
  });
  const ws = opened(await openSocket(`?token=${own.token}`, { origin: `http://127.0.0.1:${own.port}`, port: own.port }));
  const client = createClient(webSocketPort(ws));
  const fetch = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: own.port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    const archive = await client.captureArchive({ id });
    assert.deepEqual(archive, {
      id,
      path: join(captures, 'shop-main', '20261121T101500.123Z.tar.gz'),
      fileName: 'shop-main-20261121T101500.123Z.tar.gz',
      bytes: bytes.length,
      url: '/downloads/captures/shop-main/20261121T101500.123Z.tar.gz',
      canShowInFolder: false,
    });
    const cookie = { Cookie: `branchyard_token_${own.port}=${own.token}` };
    const got = await fetch(archive.url!, cookie);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, bytes);
    assert.equal(got.headers['content-type'], 'application/gzip');
    assert.equal(got.headers['content-disposition'], 'attachment; filename="shop-main-20261121T101500.123Z.tar.gz"');
    assert.equal(got.headers['cache-control'], 'no-store');
    // A command line with the token in the query gets the file itself, not a redirect to a page.
    const curl = await fetch(`${archive.url}?token=${own.token}`);
    assert.deepEqual([curl.status, curl.body.length], [200, bytes.length]);
    assert.equal((await fetch(archive.url!, cookie, 'HEAD')).headers['content-length'], String(bytes.length));
    // Refusals, each against the request that works.
    assert.equal((await fetch(archive.url!)).status, 401, 'no token');
    assert.equal((await fetch(archive.url!, { ...cookie, Host: 'evil.example' })).status, 403, 'a foreign Host');
    for (const path of ['/downloads/captures/shop-main/20261121T101501.123Z.tar.gz', '/downloads/captures/../secret.tar.gz', '/downloads/captures/..%2F..%2Fsecret.tar.gz', '/downloads/captures/shop-main/../../../secret.tar.gz', '/downloads/other']) {
      const r = await fetch(path, cookie);
      assert.equal(r.status, 404, path);
      assert.ok(!r.body.toString().includes(SECRET), path);
    }
    assert.match((await client.showCaptureInFolder({ id }).then(() => '', (e: Error) => e.message)), /no desktop shell to show a folder/);

    // The page changes its own settings, never the folders or the Docker endpoint; it says which.
    const d = await client.describeSettings({});
    assert.deepEqual(Object.keys(d.locked).sort(), ['captureDir', 'dockerEndpoint', 'templatesDir']);
    assert.equal(d.sources.captureDir, 'env');
    const changed = await client.setSettings({ ...d.settings, theme: 'dark', language: 'zh-CN' });
    assert.deepEqual([changed.theme, changed.language], ['dark', 'zh-CN']);
    const e = await client.setSettings({ dockerEndpoint: 'tcp://203.0.113.9:2375' }).then(() => undefined, (x: BranchyardError) => x);
    assert.match(e?.message ?? '', /settings\.dockerEndpoint: this front end cannot change the Docker endpoint: set it in settings\.json or DOCKER_HOST/);
    assert.equal((await client.getSettings({})).dockerEndpoint, d.settings.dockerEndpoint);
  } finally {
    client.close();
    await own.close();
    for (const [k, v] of [['BRANCHYARD_DATA_DIR', saved.data], ['BRANCHYARD_CAPTURE_DIR', saved.captures]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(data, { recursive: true, force: true });
  }
});

test('no path leaves the served folder', async () => {
  const q = `?token=${server.token}`;
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/%2E%2E/package.json', '/static/../../package.json', '/..%2fpackage.json', '/leak.json', '/%2fetc%2fpasswd']) {
    const answer = await get(path + q);
    assert.ok([400, 403, 404].includes(answer.status), `${path}: ${answer.status}`);
    assert.ok(!answer.body.includes(SECRET), path);
    assert.ok(!answer.body.includes('root:'), path);
  }
  assert.equal((await get(`/../package.json${q}`)).status, 403);
  assert.equal((await get(`/%2e%2e/package.json${q}`)).status, 403);
});

test('a malformed frame closes only its socket; the server keeps serving', { timeout: 20_000 }, async () => {
  const bad = opened(await openSocket(`?token=${server.token}`, { origin }));
  const badClosed = closeOf(bad);
  bad.send(Buffer.from([0, 0, 0, 99, 1, 2, 3]));
  assert.equal((await badClosed).code, 1007);

  const text = opened(await openSocket(`?token=${server.token}`, { origin }));
  const textClosed = closeOf(text);
  text.send('{"t":"call"}');
  assert.equal((await textClosed).code, 1003);

  // A well-framed message that is not a protocol message is ignored, not fatal.
  const odd = opened(await openSocket(`?token=${server.token}`, { origin }));
  odd.send(encodeMessage(42));
  odd.send(encodeMessage({ t: 'call', id: 'x', method: '__proto__' }));
  const client = createClient(webSocketPort(odd));
  try {
    assert.ok(Array.isArray(await client.listStacks({})));
  } finally {
    client.close();
  }
  await until('the closed sockets to leave the server', () => server.open().connections === 0);
});

test('when a client disconnects, its streams end engine-side, down to the engine event stream', { timeout: 30_000 }, async () => {
  await until('earlier sockets to be gone', () => server.open().connections === 0);
  const eventStreamsBefore = openEventStreams();
  const ws = opened(await openSocket(`?token=${server.token}`, { origin }));
  const client = createClient(webSocketPort(ws));
  const events: unknown[] = [];
  let streamError: BranchyardError | undefined;
  client.subscribe('stacks', {}, { next: (e) => events.push(e), error: (e) => (streamError = e) });
  await until('the first stacks event over the socket', () => events.length > 0 || streamError !== undefined, 15_000);
  assert.equal(streamError, undefined, streamError?.message);
  assert.deepEqual(server.open(), { connections: 1, streams: 1, calls: 0 });
  await until('the engine event stream to open', () => openEventStreams() > eventStreamsBefore);
  // An abrupt drop, as a closed browser tab or a killed process gives: no unsub is ever sent.
  ws.terminate();
  await until('the connection and its streams to end', () => {
    const open = server.open();
    return open.connections === 0 && open.streams === 0 && open.calls === 0;
  });
  await until('the engine event stream to be closed', () => openEventStreams() === eventStreamsBefore);
});
