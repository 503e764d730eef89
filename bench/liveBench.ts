// The live side, as ratios against baselines of the same run:
// - log throughput: 1 000 000 lines from a container to a subscriber of the `logs` stream, against
//   `docker logs > /dev/null` of the same container; a search of those lines with context, and the
//   log view's history page near their end (logPage), against the same baseline;
// - the log view's filtered index: 1 000 000 lines through the view's ring buffer with a filter
//   caught up every 1 000 lines (about one frame's worth), against the ring buffer alone;
// - terminal echo: round trip of one byte through the WebSocket transport (server, codec, host,
//   exec) against a direct TTY exec from Node with dockerode, p50 and p99;
// - teardown: `branchyard down` with capture against `docker-compose down` of the same services.

import { execFile, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import type { BranchyardClient } from '../shared/api/client.ts';
import { createClient } from '../shared/api/client.ts';
import { connectWebSocket } from '../shared/api/webSocketPort.ts';
import { createEngineContext } from '../electron/engine/api/context.ts';
import { createHandlers } from '../electron/engine/api/handlers.ts';
import { openLocalClient } from '../electron/engine/api/localClient.ts';
import { LABEL } from '../electron/engine/docker/labels.ts';
import { startServer } from '../electron/engine/server/startServer.ts';
import { IMAGES, cli, docker, removeAll, tempDir } from '../test/integration/harness.ts';
import type { LogLine } from '../shared/api/logs.ts';
import { FilteredLines } from '../renderer/src/logs/filteredLines.ts';
import { passes } from '../renderer/src/logs/logFilter.ts';
import { RingBuffer } from '../renderer/src/logs/ringBuffer.ts';
import { type Row, median, print } from './timing.ts';

const run = promisify(execFile);
const prefix = `bylive${process.pid.toString(36)}`;
const DEBIAN = 'branchyard-test/debian:bookworm';

async function labelledContainer(stack: string, service: string, cmd: string[]) {
  const c = await docker.createContainer({
    Image: DEBIAN,
    Cmd: cmd,
    Labels: { [LABEL.stack]: stack, [LABEL.service]: service },
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  return c;
}

function dockerLogsToNull(id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const p = spawn('docker', ['logs', id], { stdio: ['ignore', devnull, devnull] });
    p.on('error', reject);
    p.on('close', (code) => (closeSync(devnull), code === 0 ? resolve() : reject(new Error(`docker logs exit ${code}`))));
  });
}

function countLines(client: BranchyardClient, stack: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    let failed: Error | undefined;
    const sub = client.subscribe('logs', { source: { kind: 'live', stack } }, {
      next: (e) => void (e.type === 'line' && n++),
      error: (e) => void (failed = e),
    });
    void sub.ended.then(() => (failed ? reject(failed) : resolve(n)));
  });
}

async function logThroughput(rows: Row[]): Promise<void> {
  const stack = `${prefix}-logs`;
  const c = await labelledContainer(stack, 'writer', ['seq', '1', '1000000']);
  await c.wait();
  const client = openLocalClient();
  try {
    const lines = await countLines(client, stack);
    if (lines !== 1_000_000) throw new Error(`subscriber got ${lines} lines, not 1000000`);
    const ours = await median(() => countLines(client, stack), 3);
    const base = await median(() => dockerLogsToNull(c.id), 3);
    rows.push({ name: '1M log lines to a logs subscriber', ms: ours, baseline: 'docker logs > /dev/null', baselineMs: base });
    const source = { kind: 'live', stack } as const;
    const search = await median(async () => {
      const r = await client.searchLogs({ source, pattern: '123456', context: 2 });
      if (r.matches.length !== 1 || r.matches[0].index !== 123_455 || r.matches[0].after?.length !== 2) throw new Error(`search found ${r.matches.length} matches`);
    }, 3);
    rows.push({ name: 'search 1M lines, 2 lines of context', ms: search, baseline: 'docker logs > /dev/null', baselineMs: base });
    const page = await median(async () => {
      const r = await client.logPage({ source, anchor: { index: 900_000 }, before: 100, after: 101 });
      if (r.lines[100]?.text !== '900001') throw new Error(`the page's anchor line is ${r.lines[100]?.text}`);
    }, 3);
    rows.push({ name: 'history page at line 900 000 (logPage)', ms: page, baseline: 'docker logs > /dev/null', baselineMs: base });
  } finally {
    client.close();
  }
}

/** The log view's side: what a frame costs when lines stream in and a filter is on. */
async function viewIndex(rows: Row[]): Promise<void> {
  const lines: LogLine[] = Array.from({ length: 1000 }, (_, i) => ({
    service: i % 3 ? 'web' : 'db',
    stream: i % 7 ? 'stdout' : 'stderr',
    ts: `2026-12-02T01:00:00.${String(i).padStart(9, '0')}Z`,
    text: `line ${i}`,
  }));
  const push = (withFilter: boolean) => async () => {
    const b = new RingBuffer<LogLine>(10_000);
    const filter = { hidden: ['db'], streams: { stdout: true, stderr: true } };
    const f = withFilter ? new FilteredLines(b, (l) => passes(l, filter)) : undefined;
    for (let i = 0; i < 1_000_000; i++) {
      b.push(lines[i % 1000]);
      if (f && i % 1000 === 999) f.update();
    }
  };
  const filtered = await median(push(true), 5);
  const plain = await median(push(false), 5);
  rows.push({ name: '1M lines into the view, filtered index', ms: filtered, baseline: 'the ring buffer alone', baselineMs: plain });
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ROUND_TRIPS = 300;

/** One byte out, the same byte back, ROUND_TRIPS times; `send` and `onByte` wire a transport. */
async function echoTimes(send: (b: Uint8Array) => void, next: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + 20; i++) {
    const t = performance.now();
    const back = next();
    send(new Uint8Array([97 + (i % 26)]));
    await back;
    if (i >= 20) times.push(performance.now() - t); // the first round trips warm up
  }
  return times;
}

/** Resolves the next time at least one byte arrived. */
function byteWaiter() {
  let waiting: (() => void) | undefined;
  return {
    arrived: () => {
      const w = waiting;
      waiting = undefined;
      w?.();
    },
    next: () => new Promise<void>((r) => (waiting = r)),
  };
}

async function directEcho(containerId: string): Promise<number[]> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: ['sh', '-c', 'stty raw -echo; exec cat'],
    Tty: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  const w = byteWaiter();
  stream.on('data', () => w.arrived());
  await new Promise((r) => setTimeout(r, 300)); // let stty run
  try {
    return await echoTimes((b) => stream.write(b), w.next);
  } finally {
    stream.destroy();
  }
}

async function webSocketEcho(stack: string): Promise<number[]> {
  const server = await startServer({ handlers: createHandlers(createEngineContext()) });
  const origin = `http://127.0.0.1:${server.port}`;
  const Ws = class extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } });
    }
  };
  const client = createClient(await connectWebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, Ws as never));
  const w = byteWaiter();
  let session = '';
  const started = new Promise<void>((resolve) => {
    const sub = client.subscribe(
      'terminal',
      { stack, service: 'echo', command: ['sh', '-c', 'stty raw -echo; exec cat'], cols: 80, rows: 24 },
      {
        next: (e) => {
          if (e.type === 'started') (session = e.session), resolve();
          if (e.type === 'data') {
            sub.ack(e.data.byteLength);
            w.arrived();
          }
        },
      },
      { manualAck: true },
    );
  });
  try {
    await started;
    await new Promise((r) => setTimeout(r, 300));
    return await echoTimes((data) => void client.terminalInput({ session, data }), w.next);
  } finally {
    client.close();
    await server.close();
  }
}

async function terminalEcho(rows: Row[]): Promise<void> {
  const stack = `${prefix}-term`;
  const c = await labelledContainer(stack, 'echo', ['sleep', 'infinity']);
  const direct = await directEcho(c.id);
  const ws = await webSocketEcho(stack);
  for (const p of [50, 99]) {
    rows.push({ name: `terminal echo p${p}, WebSocket transport`, ms: percentile(ws, p), baseline: `direct TTY exec from Node, p${p}`, baselineMs: percentile(direct, p) });
  }
}

async function teardown(rows: Row[]): Promise<void> {
  const tmp = tempDir();
  process.env.BRANCHYARD_CAPTURE_DIR = join(tmp.dir, 'captures');
  process.env.BRANCHYARD_DATA_DIR = join(tmp.dir, 'data');
  const services = `services:
  redis: { image: ${IMAGES.redis}, command: [redis-server, --protected-mode, 'no'] }
  app: { image: ${IMAGES.app} }
  chatty: { image: ${DEBIAN}, command: [sh, -c, 'seq 1 100000; exec sleep infinity'] }
`;
  const file = tmp.write('stack.yml', `name: ${prefix}\nx-branchyard: { subnet: 10.235.11.0/24 }\n${services}`);
  const composeDir = join(tmp.dir, 'compose');
  await run('mkdir', ['-p', composeDir]);
  const composeFile = tmp.write('compose/docker-compose.yml', `version: "2.4"\n${services}`);
  const stack = `${prefix}-down`;
  const project = `${prefix}compose`;
  const settle = () => new Promise((r) => setTimeout(r, 1500)); // let chatty write its lines
  try {
    const timeDown = async (upFn: () => Promise<void>, downFn: () => Promise<void>) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        await upFn();
        await settle();
        const t = performance.now();
        await downFn();
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[1];
    };
    const branchyardDown = await timeDown(
      async () => {
        const u = await cli(['up', file, '--name', stack]);
        if (u.code !== 0) throw new Error(u.stderr);
      },
      async () => {
        const d = await cli(['down', stack]);
        if (d.code !== 0) throw new Error(d.stderr);
      },
    );
    const composeDown = await timeDown(
      async () => void (await run('docker-compose', ['-p', project, '-f', composeFile, 'up', '-d'])),
      async () => void (await run('docker-compose', ['-p', project, '-f', composeFile, 'down'])),
    );
    rows.push({ name: 'branchyard down with capture (process)', ms: branchyardDown, baseline: 'docker-compose down (process)', baselineMs: composeDown });
  } finally {
    await run('docker-compose', ['-p', project, '-f', composeFile, 'down', '-v']).catch(() => {});
    await removeAll(prefix);
    tmp.remove();
  }
}

async function hasDockerCompose(): Promise<boolean> {
  return run('docker-compose', ['version']).then(
    () => true,
    () => false,
  );
}

export async function liveBench(): Promise<void> {
  const rows: Row[] = [];
  try {
    await logThroughput(rows);
    await viewIndex(rows);
    await terminalEcho(rows);
    if (await hasDockerCompose()) await teardown(rows);
    else console.log('\nteardown benchmark skipped: docker-compose is not installed (apt-get install docker-compose)');
  } finally {
    await removeAll(prefix);
  }
  print('live side', rows);
}
