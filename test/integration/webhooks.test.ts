// The settings' webhook, engine-side, against a loopback HTTP server standing in for the chat
// tools: each kind's JSON body (testWebhook), an answer that refuses, one that never comes; and
// what the real engine announces: an `up` that brought a stack up, one that failed, a teardown,
// with the per-kind switches respected and an `up` that never waits for the webhook.

import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WebhookKind } from '../../shared/api/settings.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { openLocalClient } from '../../electron/engine/api/localClient.ts';
import { IMAGES, removeAll, runPrefix, tempDir } from './harness.ts';

const prefix = runPrefix('hook');
const tmp = tempDir();
process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
process.env.BRANCHYARD_CAPTURE_DIR = join(tmp.dir, 'captures');
const ctx = createEngineContext();
const client = openLocalClient(ctx);

interface Received {
  path: string;
  body: Record<string, unknown>;
  contentType?: string;
  /** The request is still open (its answer not sent, the client still waiting). */
  open: () => boolean;
}

const received: Received[] = [];
const held: ServerResponse[] = [];
const ANSWERS: Record<string, string> = {
  '/lark': '{"code":0,"msg":"success","data":{}}',
  '/dingtalk': '{"errcode":0,"errmsg":"ok"}',
  '/wecom': '{"errcode":0,"errmsg":"ok"}',
  '/slack': 'ok',
  '/refuse': '{"errcode":310000,"errmsg":"keywords not in content"}',
};

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let closed = false;
    res.on('close', () => (closed = true));
    received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')), contentType: req.headers['content-type'], open: () => !closed && !res.writableEnded });
    const path = (req.url ?? '').split('?')[0];
    if (path === '/hold' || path === '/silent') {
      held.push(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(ANSWERS[path] ?? '{}');
  });
});
let base = '';

const stack = `${prefix}-main`;
const file = tmp.write(
  'ok.yml',
  `name: ${prefix}
x-branchyard:
  subnet: 10.244.122.0/24
services:
  app:
    image: ${IMAGES.app}
`,
);
const failing = tmp.write(
  'fail.yml',
  `name: ${prefix}f
x-branchyard:
  subnet: 10.244.123.0/24
services:
  job:
    image: ${IMAGES.app}
    command: [sh, -c, "echo boom; exit 3"]
`,
);

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const textOf = (r: Received) => ((r.body.content as { text: string }).text);

describe('webhooks', () => {
  before(async () => {
    await removeAll(prefix);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await client.setSettings({ language: 'en' });
  });
  after(async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    client.close();
    await removeAll(prefix);
    tmp.remove();
  });

  it('posts the body each tool wants: Lark, DingTalk, WeCom, Slack', async () => {
    const bodies: Partial<Record<WebhookKind, Record<string, unknown>>> = {};
    for (const kind of ['lark', 'dingtalk', 'wecom', 'slack'] as const) {
      const r = await client.testWebhook({ webhook: { url: `${base}/${kind}?access_token=t0k`, kind } });
      assert.deepEqual([r.kind, r.status, r.delivered], [kind, 200, true]);
      const got = received.at(-1)!;
      assert.equal(got.path, `/${kind}?access_token=t0k`);
      assert.equal(got.contentType, 'application/json; charset=utf-8');
      bodies[kind] = got.body;
    }
    const text = 'Branchyard: branchyard-test is ready\nstack: branchyard-test, branch: main, status: running\na test message from the settings';
    assert.deepEqual(bodies.lark, { msg_type: 'text', content: { text } });
    assert.deepEqual(bodies.dingtalk, { msgtype: 'text', text: { content: text } });
    assert.deepEqual(bodies.wecom, { msgtype: 'text', text: { content: text } });
    assert.equal(bodies.slack!.text, text);
    assert.deepEqual((bodies.slack!.blocks as { type: string }[]).map((b) => b.type), ['section', 'section', 'context']);
  });

  it('says when a tool refuses, and gives up on one that does not answer', { timeout: 30_000 }, async () => {
    const refused = await client.testWebhook({ webhook: { url: `${base}/refuse`, kind: 'dingtalk' } });
    assert.deepEqual([refused.delivered, refused.response], [false, ANSWERS['/refuse']]);
    await assert.rejects(client.testWebhook({ webhook: { url: `${base}/silent`, kind: 'wecom' } }), (e: BranchyardError) => {
      assert.match(e.message, /^cannot post to the wecom webhook at 127\.0\.0\.1:\d+: no answer from 127\.0\.0\.1:\d+ in 5 s$/);
      return true;
    });
    await assert.rejects(client.testWebhook({}), /webhook: no webhook is set/);
    await assert.rejects(client.testWebhook({ webhook: { url: `${base}/x` } }), /webhook\.kind: cannot tell which tool 127\.0\.0\.1 is/);
  });

  it('an up that brought the stack up is told, and never waits for the webhook', { timeout: 120_000 }, async () => {
    await client.setSettings({ webhook: { url: `${base}/hold`, kind: 'lark' } });
    const before = received.length;
    await client.up({ file, name: stack, branch: 'feature/login', wait: true, timeoutS: 60 });
    const got = await until('the ready message', () => received.slice(before).find((r) => r.path === '/hold'));
    // The tool has not answered (the server holds it), and the up has returned all the same.
    assert.ok(got.open(), 'the webhook exchange is still open after the up returned');
    assert.equal(textOf(got), `Branchyard: ${stack} is ready\nstack: ${stack}, branch: feature/login, status: running`);
    for (const res of held.splice(0)) res.end('{"code":0}');
    await ctx.announcer!.settled();
  });

  it('an up that failed is told with the reason; a teardown with where the logs went', { timeout: 120_000 }, async () => {
    await client.setSettings({ webhook: { url: `${base}/lark`, kind: 'lark' } });
    let before = received.length;
    await assert.rejects(client.up({ file: failing, branch: 'main', wait: true, timeoutS: 60 }), (e: BranchyardError) => e.kind === 'service-failed');
    await ctx.announcer!.settled();
    const failed = received.slice(before).map(textOf);
    assert.equal(failed.length, 1, failed.join('\n---\n'));
    assert.match(failed[0], new RegExp(`^Branchyard: ${prefix}f-main failed\\nstack: ${prefix}f-main, branch: main, status: failed\\n.*job.*exited with code 3`));

    before = received.length;
    const down = await client.down({ stack });
    await ctx.announcer!.settled();
    const told = received.slice(before).map(textOf);
    assert.deepEqual(told, [`Branchyard: ${stack} was torn down\nstack: ${stack}, branch: feature/login, status: removed\nlogs captured in ${down.capture!.path}`]);
    await client.down({ stack: `${prefix}f-main`, capture: false });
    await ctx.announcer!.settled();
  });

  it('the switches: a kind turned off is not sent, and a stack that was not there is no news', { timeout: 120_000 }, async () => {
    await client.setSettings({ notifications: { ready: false, tornDown: true } });
    const before = received.length;
    await client.up({ file, name: stack, branch: 'main', wait: true, timeoutS: 60 });
    await ctx.announcer!.settled();
    assert.deepEqual(received.slice(before).map(textOf), [], 'ready is off');
    await client.down({ stack, capture: false });
    await client.down({ stack, capture: false });
    await ctx.announcer!.settled();
    assert.deepEqual(received.slice(before).map(textOf), [`Branchyard: ${stack} was torn down\nstack: ${stack}, status: removed`]);
  });
});
