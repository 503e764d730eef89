// `branchyard serve` as a user runs it: the real command line in its own process. It prints the
// address with the token, serves the UI only with that token, refuses a port in use clearly, and
// stops cleanly on Ctrl-C.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Served, killAll, openedUrl, startServe as startServeIn } from './serveProcess.ts';

// Its token file and logs go to a temp data folder, never the user's.
const dataDir = mkdtempSync(join(tmpdir(), 'branchyard-serve-'));
const startServe = (args: string[]) => startServeIn(args, { BRANCHYARD_DATA_DIR: dataDir });

describe('branchyard serve', () => {
  const started: Served[] = [];
  after(async () => {
    await killAll(started);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('prints the address, serves the UI with the token only, refuses a busy port, stops on Ctrl-C', async () => {
    const first = startServe([]);
    started.push(first);
    const url = await openedUrl(first);
    const { port } = new URL(url);

    const exchange = await fetch(url, { redirect: 'manual' });
    assert.equal(exchange.status, 303, 'the token is exchanged for a cookie and dropped from the address');
    assert.equal(exchange.headers.get('location'), '/');
    const cookie = exchange.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<script src="app\.js" defer><\/script>/);
    assert.doesNotMatch(html, /<script>/, 'no inline script: a strict CSP holds');
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${port}/app.js`)).status, 401);
    const script = await fetch(`http://127.0.0.1:${port}/app.js`, { headers: { cookie } });
    assert.equal(script.status, 200, 'the page’s own files load with the cookie the page got');

    const second = startServe(['--port', port]);
    started.push(second);
    assert.equal(await second.exited, 2);
    assert.match(second.stderr(), new RegExp(`--port: port ${port} is already in use`));

    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0);
    await assert.rejects(fetch(url), 'nothing listens after Ctrl-C');
  });

  test('a port that is not a number is a usage error', async () => {
    const s = startServe(['--port', 'http']);
    started.push(s);
    assert.equal(await s.exited, 2);
    assert.match(s.stderr(), /--port: 'http' is not a port number/);
  });
});
