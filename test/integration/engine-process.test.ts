// The app's engine in a process of its own, without Electron: the main process's supervisor
// (electron/main/engineProcess.ts) forks worker threads that run the real engine behind
// serveParentPort, as the app forks its utility process; pages are Node MessageChannels, whose
// ports behave as a window's and as MessagePortMain do. A page's port reaches the engine there;
// either side ending a page ends it on the other; an engine process that dies closes its pages'
// ports and is started again, and a page that asks again (as the renderer's connection does) is
// served, also while the new one is still starting.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MessageChannel, type MessagePort as NodeMessagePort, Worker } from 'node:worker_threads';
import { type BranchyardClient, createClient } from '../../shared/api/client.ts';
import { messagePortClient } from '../../shared/api/messagePort.ts';
import type { StacksEvent } from '../../shared/api/stacks.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { type EngineChild, type EngineLink, superviseEngine } from '../../electron/main/engineProcess.ts';
import { asWebPort } from '../nodePorts.ts';
import './harness.ts'; // the data and capture folders of the test run, which the workers inherit

const workers: Worker[] = [];
const exits: number[] = [];

/**
 * A worker running a TypeScript file. tsx's loader, registered in this thread, does not reach a
 * worker on Node 20: the worker registers it first, then imports the file.
 */
function tsWorker(file: URL): Worker {
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
import { workerData } from 'node:worker_threads';
register();
await import(workerData.file);`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { file: file.href } });
}

function fork(): EngineChild<NodeMessagePort> {
  const w = tsWorker(new URL('./engineWorker.ts', import.meta.url));
  workers.push(w);
  return {
    // Electron hands the transferred ports beside the data; a worker needs them inside it.
    postMessage: (message, transfer = []) => w.postMessage({ data: message, ports: transfer }, transfer),
    on(event: 'message' | 'exit', listener: ((message: unknown) => void) | ((code: number) => void)) {
      if (event === 'message') w.on('message', listener as (message: unknown) => void);
      else w.on('exit', listener as (code: number) => void);
      return this;
    },
    kill: () => void w.terminate(),
  };
}

const engine = superviseEngine<NodeMessagePort>({ fork, closePort: (p) => p.close(), exited: (code) => void exits.push(code) });

interface Page {
  client: BranchyardClient;
  link: EngineLink;
  port: NodeMessagePort;
  linkClosed: Promise<void>;
  /** Resolves when the page's client hears its port close. */
  portClosed: Promise<void>;
}

const pages: Page[] = [];

/** A page as the preload makes it: one end to the main process, the other for the page. */
function openPage(): Page {
  const { port1, port2 } = new MessageChannel();
  const link = engine.connect(port1);
  const linkClosed = new Promise<void>((r) => link.onClose(r));
  const clientPort = messagePortClient(asWebPort(port2));
  const portClosed = new Promise<void>((r) => clientPort.onClose?.(r));
  const page = { client: createClient(clientPort), link, port: port2, linkClosed, portClosed };
  pages.push(page);
  return page;
}

async function within<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

after(async () => {
  for (const p of pages) p.port.close();
  engine.close();
  await Promise.all(workers.map((w) => w.terminate()));
});

describe('the engine in its own process', () => {
  it("a page's port reaches the engine there: requests and streams", async () => {
    const page = openPage();
    assert.ok(Array.isArray(await within(page.client.listStacks({}), 'listStacks')));
    const first = await within(
      new Promise<StacksEvent>((resolve, reject) => page.client.subscribe('stacks', {}, { next: resolve, error: reject })),
      'the first stacks event',
    );
    assert.equal(first.type, 'snapshot');
    // A bad request comes back as the same error as in process, kind and all.
    const err = await within(page.client.validate({ file: '/etc/passwd' } as never).catch((e: unknown) => e), 'the refusal');
    assert.ok(err instanceof BranchyardError, String(err));
    assert.equal(engine.starts, 1);
  });

  it('the page closing its port ends its host in the engine process, and the main process hears it', async () => {
    const page = openPage();
    await within(page.client.listStacks({}), 'listStacks');
    page.port.close();
    await within(page.linkClosed, 'the main process to hear the page is gone');
  });

  it("the main process ending a page's link (its window navigated) closes the page's port", async () => {
    const page = openPage();
    await within(page.client.listStacks({}), 'listStacks');
    const pending = page.client.listStacks({}).catch((e: unknown) => e);
    page.link.close();
    await within(page.portClosed, "the page's port to close");
    const settled = await within(pending, 'the call in flight to settle');
    assert.ok(Array.isArray(settled) || (settled instanceof BranchyardError && settled.kind === 'engine-unreachable'), String(settled));
  });

  it('an engine process that dies closes its pages, is started again, and serves a page that asks again', async () => {
    const page = openPage();
    await within(page.client.listStacks({}), 'listStacks');
    const startsBefore = engine.starts;
    await workers[workers.length - 1].terminate();
    await within(page.portClosed, "the page's port to close with the engine process");
    await within(page.linkClosed, 'the link to end with it');
    assert.equal(exits.length, 1);
    // As the renderer's connection does: ask again at once, before the new process runs.
    const again = openPage();
    assert.ok(Array.isArray(await within(again.client.listStacks({}), 'listStacks on the new engine process')));
    assert.equal(engine.starts, startsBefore + 1);
  });

  it('closing it stops the engine process for good: a late page is refused', async () => {
    const page = openPage();
    await within(page.client.listStacks({}), 'listStacks');
    engine.close();
    await within(page.portClosed, "the page's port to close");
    const late = openPage();
    await within(late.portClosed, "a late page's port to be closed");
    await within(late.linkClosed, 'its link to end');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(engine.starts, 2, 'not started again');
  });
});
