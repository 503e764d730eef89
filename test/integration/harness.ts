// Shared by the integration tests: run the real command line against the real engine, write
// stack files into temp folders, and remove everything a test file created, also when it fails.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { LABEL } from '../../electron/engine/docker/labels.ts';

export const docker = new Docker();

// `down` writes a capture archive by default: the command lines the tests start write theirs (and
// any data) into a temp folder removed at exit, never into the user's home. A test file may still
// point these elsewhere by setting them itself.
const isolated = mkdtempSync(join(tmpdir(), 'branchyard-test-home-'));
process.env.BRANCHYARD_CAPTURE_DIR = join(isolated, 'captures');
process.env.BRANCHYARD_DATA_DIR ??= join(isolated, 'data');
process.on('exit', () => rmSync(isolated, { recursive: true, force: true }));

export const IMAGES = {
  mariadb: 'branchyard-test/mariadb:10.11',
  redis: 'branchyard-test/redis:7',
  app: 'branchyard-test/app:latest',
} as const;

const BIN = resolve(import.meta.dirname, '../../bin/branchyard.mjs');

/** A prefix for every stack a test file makes: cleanup removes exactly these. */
export function runPrefix(tag: string): string {
  return `byt${tag}${process.pid.toString(36)}`;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Piped to the command's stdin, then closed (without it stdin is empty at once). */
  input?: string;
  /**
   * Guards for a command that might hang or eat the machine (a FIFO, /dev/zero): past this time,
   * or this resident size, it is killed with SIGKILL (it may be deaf to SIGTERM) and the result
   * says why in `killed`, so a regression fails its test instead of hanging the suite.
   */
  timeoutMs?: number;
  maxRssBytes?: number;
}

export interface GuardedCliResult extends CliResult {
  killed?: string;
}

export function cli(args: string[], o: CliOptions = {}): Promise<GuardedCliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    // A command that exits without reading its input must not fail the test with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(o.input);
    let stdout = '';
    let stderr = '';
    let killed: string | undefined;
    const kill = (why: string) => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    const timer = o.timeoutMs ? setTimeout(() => kill(`still running after ${o.timeoutMs} ms`), o.timeoutMs) : undefined;
    const watch = o.maxRssBytes
      ? setInterval(() => {
          const rss = residentBytes(child.pid);
          if (rss !== undefined && rss > o.maxRssBytes!) kill(`resident size ${rss} bytes, more than ${o.maxRssBytes}`);
        }, 50)
      : undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolvePromise({ code, stdout, stderr, ...(killed ? { killed } : {}) });
    });
  });
}

/** VmRSS of a process from /proc, undefined once it is gone. */
function residentBytes(pid: number | undefined): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the command line and hands back the process, for tests that kill it midway. */
export function cliProcess(args: string[], o: { cwd?: string } = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(): { dir: string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-test-'));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every engine object labelled as belonging to a stack whose name starts with `prefix`. */
export async function labelledObjects(prefix: string): Promise<string[]> {
  const filters = { label: [LABEL.stack] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const mine = (labels?: Record<string, string> | null) => (labels?.[LABEL.stack] ?? '').startsWith(prefix);
  return [
    ...containers.filter((c) => mine(c.Labels)).map((c) => `container ${c.Names[0]}`),
    ...networks.filter((n) => mine(n.Labels)).map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).filter((v) => mine(v.Labels)).map((v) => `volume ${v.Name}`),
  ];
}

/** Removes every object of the test's stacks, whatever state they are in. */
/** The state of each service's container in `stack` ('running', 'created', ...), as the engine has it. */
export async function serviceStates(stack: string): Promise<Record<string, string>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${stack}`] } });
  return Object.fromEntries(list.map((c) => [c.Labels[LABEL.service], c.State]));
}

/** Resolves once every service named in `want` has that state; fails after `timeoutMs`. */
export async function untilStates(stack: string, want: Record<string, string>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const states = await serviceStates(stack);
    if (Object.entries(want).every(([s, state]) => states[s] === state)) return;
    if (Date.now() > end) throw new Error(`stack ${stack}: wanted ${JSON.stringify(want)}, the engine has ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function removeAll(prefix: string): Promise<void> {
  const filters = { label: [LABEL.stack] };
  const mine = (labels?: Record<string, string> | null) => (labels?.[LABEL.stack] ?? '').startsWith(prefix);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.filter((c) => mine(c.Labels)).map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})),
  );
  for (const n of await docker.listNetworks({ filters })) {
    if (mine(n.Labels)) await docker.getNetwork(n.Id).remove().catch(() => {});
  }
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
    if (mine(v.Labels)) await docker.getVolume(v.Name).remove().catch(() => {});
  }
}

/** Runs a command in a container and returns its exit code and output. */
export async function execIn(containerId: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((res, rej) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', res);
    stream.on('error', rej);
  });
  const { ExitCode } = await exec.inspect();
  const { demuxFrames } = await import('../../electron/engine/docker/logTail.ts');
  return { code: ExitCode ?? -1, output: Buffer.concat(demuxFrames(Buffer.concat(chunks))).toString('utf8') };
}
