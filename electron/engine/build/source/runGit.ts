// Running the system `git`: always an argument array (never a shell), no terminal prompts, and an
// AbortSignal that ends the whole process group (clone and fetch start helpers: ssh, index-pack).

import { type ChildProcess, spawn } from 'node:child_process';
import { BranchyardError } from '../../../../shared/errors/errors.ts';

export interface GitRunOptions {
  /** Runs `git --git-dir=<gitDir>`; otherwise git runs in the process's directory. */
  gitDir?: string;
  /** `-c key=value` settings for this run only. */
  config?: Record<string, string>;
  signal?: AbortSignal;
  /** stderr lines (progress included) as they arrive. */
  onOutput?: (line: string) => void;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const isWindows = process.platform === 'win32';

export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0', // a missing credential fails instead of waiting for a prompt
    GCM_INTERACTIVE: 'never', // the same for Git Credential Manager
    GIT_MERGE_AUTOEDIT: 'no',
  };
}

export function gitArgs(args: readonly string[], o: GitRunOptions): string[] {
  const config = Object.entries(o.config ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  return [...config, ...(o.gitDir ? [`--git-dir=${o.gitDir}`] : []), ...args];
}

/** The last non-empty line of git's stderr (progress lines split on `\r` too). */
export function lastLine(text: string): string {
  const lines = text.split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Starts git with stdin closed; ends the process (group) when the signal aborts. */
export function spawnGit(args: readonly string[], o: GitRunOptions): ChildProcess {
  const child = spawn('git', gitArgs(args, o), {
    env: gitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group (and no controlling terminal, so ssh cannot prompt on /dev/tty either)
    detached: !isWindows,
    windowsHide: true,
  });
  if (o.signal) {
    const signal = o.signal;
    const kill = () => {
      try {
        if (!isWindows && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    };
    if (signal.aborted) kill();
    else {
      signal.addEventListener('abort', kill, { once: true });
      child.once('close', () => signal.removeEventListener('abort', kill));
    }
  }
  return child;
}

/** Splits a byte stream into lines on `\n` and `\r`, calling `emit` for each non-empty one. */
export function lineSplitter(emit: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk.toString('utf8');
      const parts = rest.split(/[\r\n]/);
      rest = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) emit(p);
    },
    end() {
      if (rest.trim()) emit(rest);
      rest = '';
    },
  };
}

export function spawnError(e: NodeJS.ErrnoException): BranchyardError | NodeJS.ErrnoException {
  if (e.code === 'ENOENT') return new BranchyardError('not-found', 'git is not installed (no `git` on PATH)');
  return e;
}

/** Runs git to the end and collects its output; a non-zero exit is returned, not thrown. */
export function runGit(args: readonly string[], o: GitRunOptions = {}): Promise<GitResult> {
  if (o.signal?.aborted) return Promise.reject(abortReason(o.signal));
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, o);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const lines = o.onOutput ? lineSplitter(o.onOutput) : undefined;
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => {
      err.push(b);
      lines?.push(b);
    });
    child.once('error', (e) => reject(spawnError(e)));
    child.once('close', (code, sig) => {
      lines?.end();
      if (o.signal?.aborted) return reject(abortReason(o.signal));
      resolve({
        code: code ?? (sig ? 128 : 1),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs git and throws (with git's last stderr line) when it fails. */
export async function gitOk(args: readonly string[], o: GitRunOptions = {}): Promise<Buffer> {
  const r = await runGit(args, o);
  if (r.code !== 0) {
    throw new BranchyardError('not-found', `git ${args[0]} failed: ${lastLine(r.stderr) || `exit status ${r.code}`}`);
  }
  return r.stdout;
}
