// The lifecycle kit every stream source uses: reverse order, idempotent, one failing cleanup
// logged (through the engine logger) without stopping the rest, late additions released at once.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DisposableStore } from '../../electron/engine/lifecycle/disposableStore.ts';
import { logToFile } from '../../electron/engine/log/logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'branchyard-disposables-'));
const logFile = logToFile({ folder: dir, level: 'warn' });
const logText = () => readFileSync(logFile, 'utf8');
after(() => rmSync(dir, { recursive: true, force: true }));

describe('DisposableStore', () => {
  it('releases functions and disposables, last added first', async () => {
    const store = new DisposableStore();
    const order: string[] = [];
    store.add(() => void order.push('connection'));
    store.add({ dispose: () => void order.push('subscription') });
    store.add(() => void order.push('timer'));
    assert.equal(store.isDisposed, false);
    await store.dispose();
    assert.deepEqual(order, ['timer', 'subscription', 'connection']);
    assert.equal(store.isDisposed, true);
  });

  it('is idempotent: a second dispose runs nothing again and returns the same promise', async () => {
    const store = new DisposableStore();
    let runs = 0;
    store.add(() => void runs++);
    const first = store.dispose();
    const second = store.dispose();
    assert.equal(first, second);
    await second;
    assert.equal(runs, 1);
  });

  it('a cleanup that throws or rejects is logged and the others still run', async () => {
    const store = new DisposableStore('the test stream');
    const ran: string[] = [];
    store.add(() => void ran.push('first'));
    store.add(() => {
      throw new Error('exec already gone');
    });
    store.add(async () => {
      throw new Error('socket refused');
    });
    store.add(() => void ran.push('last'));
    await store.dispose(); // never rejects
    assert.deepEqual(ran, ['last', 'first']);
    const text = logText();
    assert.match(text, /warn closing the test stream: a cleanup failed: exec already gone$/m);
    assert.match(text, /warn closing the test stream: a cleanup failed: socket refused$/m);
  });

  it('isDisposed is true already while the cleanups run (a cleanup may ask)', async () => {
    const store = new DisposableStore();
    let seen: boolean | undefined;
    store.add(() => void (seen = store.isDisposed));
    await store.dispose();
    assert.equal(seen, true);
  });

  it('something added after dispose is released at once and returned', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let released = 0;
    const d = { dispose: () => void released++ };
    assert.equal(store.add(d), d);
    assert.equal(released, 1);
    store.add(() => {
      throw new Error('late and broken');
    });
    assert.match(logText(), /a cleanup failed: late and broken$/m);
  });

  it('a slow asynchronous cleanup holds up none of the others; dispose waits for all', async () => {
    const store = new DisposableStore();
    const ran: string[] = [];
    let finishSlow!: () => void;
    store.add(() => void ran.push('after the slow one'));
    store.add(() => new Promise<void>((r) => (finishSlow = r)).then(() => void ran.push('slow done')));
    let settled = false;
    const done = store.dispose().then(() => (settled = true));
    assert.deepEqual(ran, ['after the slow one'], 'started without waiting for the slow one');
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'dispose() has not settled while a cleanup runs');
    finishSlow();
    await done;
    assert.deepEqual(ran, ['after the slow one', 'slow done']);
  });

  it('a store is a disposable: stores nest', async () => {
    const outer = new DisposableStore();
    const inner = outer.add(new DisposableStore());
    let released = false;
    inner.add(() => void (released = true));
    await outer.dispose();
    assert.equal(released, true);
    assert.equal(inner.isDisposed, true);
  });
});
