// `branchyard serve` as a user runs it, in its own process: start it, wait for the address it
// prints, stop it as Ctrl-C does. Shared by the tests that restart it or starve it of an engine.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/branchyard.mjs');

export interface Served {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Served {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stderr: () => stderr, exited };
}

/** The `open URL` line, or a failure with what the command said instead. */
export function openedUrl(s: Served, ms = 60_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no 'open' line within ${ms} ms; stderr: ${s.stderr()}`)), ms);
    s.child.stdout.on('data', (d) => {
      out += d;
      const m = /^open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    void s.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its address; stderr: ${s.stderr()}`));
    });
  });
}

/** Waits until serve's stderr matches, or fails saying what it printed. */
export async function stderrMatches(s: Served, pattern: RegExp, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(s.stderr())) {
    if (Date.now() > deadline) throw new Error(`serve did not print ${pattern} within ${ms} ms; stderr:\n${s.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function running(s: Served): boolean {
  return s.child.exitCode === null && s.child.signalCode === null;
}

/** Ctrl-C, and its exit status. */
export async function interrupt(s: Served): Promise<number | null> {
  if (running(s)) s.child.kill('SIGINT');
  return s.exited;
}

/** For `after`: whatever still runs is killed. */
export async function killAll(all: Served[]): Promise<void> {
  for (const s of all) {
    if (running(s)) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
}
