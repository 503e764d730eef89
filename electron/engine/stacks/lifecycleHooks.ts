// Lifecycle hooks: `post_start` runs in a container once Branchyard has started it, `pre_stop`
// before Branchyard stops it (stop, teardown, recreate), each with exec as an argument array,
// one after the other. A post_start that fails fails the service's start with the hook's output
// (the container is stopped again, so the next `up` or `start` runs it again); a pre_stop that
// fails is reported and the stop goes on, so a teardown always ends. The hooks are kept in a
// label on the container: stop and teardown work from the engine alone, without the file.

import type Docker from 'dockerode';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { LifecycleHookSpec } from '../../../shared/stack/model.ts';
import { engineMessage } from '../docker/connect.ts';
import { FrameDemuxer } from '../docker/frameDemuxer.ts';
import { LABEL } from '../docker/labels.ts';
import type { Progress } from '../progress.ts';
import { exitCodeOf } from '../terminal/quietExec.ts';

export interface ServiceHooks {
  postStart?: LifecycleHookSpec[];
  preStop?: LifecycleHookSpec[];
}

/** The label's value: the hooks as the file gives them, or undefined for a service without any. */
export function hooksLabel(h: ServiceHooks): string | undefined {
  if (!h.postStart?.length && !h.preStop?.length) return undefined;
  return JSON.stringify({ ...(h.postStart?.length ? { postStart: h.postStart } : {}), ...(h.preStop?.length ? { preStop: h.preStop } : {}) });
}

export function hooksOf(labels: Record<string, string> | undefined): ServiceHooks {
  const text = labels?.[LABEL.hooks];
  if (!text) return {};
  try {
    const v = JSON.parse(text) as ServiceHooks;
    const valid = (list: unknown) => (Array.isArray(list) ? (list as LifecycleHookSpec[]).filter((h) => Array.isArray(h?.command) && h.command.length > 0) : undefined);
    return { ...(valid(v.postStart)?.length ? { postStart: valid(v.postStart) } : {}), ...(valid(v.preStop)?.length ? { preStop: valid(v.preStop) } : {}) };
  } catch {
    return {};
  }
}

/** The last part of a hook's output that is kept (the start of a long one says least). */
const OUTPUT_BYTES = 16 * 1024;

export interface HookRun {
  code: number | null;
  /** stdout and stderr together, the last 16 KiB. */
  output: string;
}

export async function runHook(docker: Docker, containerId: string, hook: LifecycleHookSpec, signal?: AbortSignal): Promise<HookRun> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: hook.command,
    AttachStdout: true,
    AttachStderr: true,
    ...(hook.user ? { User: hook.user } : {}),
    ...(hook.privileged ? { Privileged: true } : {}),
    ...(hook.workingDir ? { WorkingDir: hook.workingDir } : {}),
    ...(hook.environment ? { Env: Object.entries(hook.environment).map(([k, v]) => `${k}=${v}`) } : {}),
    abortSignal: signal,
  } as Docker.ExecCreateOptions);
  const socket = (await exec.start({ hijack: true, stdin: false, abortSignal: signal } as Docker.ExecStartOptions)) as NodeJS.ReadableStream & { destroy(): void };
  const demux = new FrameDemuxer();
  let kept: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(cancelledError());
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (e?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (e) reject(e);
      else resolve();
    };
    socket.on('data', (chunk: Buffer) =>
      demux.push(chunk, (_stream, payload) => {
        kept.push(Buffer.from(payload));
        size += payload.byteLength;
        if (size > OUTPUT_BYTES * 2) {
          const all = Buffer.concat(kept);
          kept = [all.subarray(all.length - OUTPUT_BYTES)];
          size = OUTPUT_BYTES;
        }
      }),
    );
    socket.on('end', () => done());
    socket.on('close', () => done());
    socket.on('error', (e: Error) => done(e));
  });
  const all = Buffer.concat(kept);
  return { code: await exitCodeOf(exec), output: all.subarray(Math.max(0, all.length - OUTPUT_BYTES)).toString('utf8') };
}

const shown = (hook: LifecycleHookSpec) => hook.command.join(' ');
const tail = (output: string) => output.split('\n').filter((l) => l.length > 0).slice(-15);

/** Runs the post_start hooks in order; the first that fails (or cannot run) fails the start. */
export async function runPostStart(docker: Docker, service: string, containerId: string, hooks: LifecycleHookSpec[] | undefined, progress: Progress, signal?: AbortSignal): Promise<void> {
  for (const hook of hooks ?? []) {
    progress({ service, message: `post_start: ${shown(hook)}` });
    let run: HookRun;
    try {
      run = await runHook(docker, containerId, hook, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new BranchyardError('engine', `the post_start hook of service '${service}' (${shown(hook)}) could not run: ${engineMessage(e)}`, { service, reason: engineMessage(e) });
    }
    if (run.code !== 0) {
      const lines = tail(run.output);
      throw new BranchyardError(
        'engine',
        `the post_start hook of service '${service}' (${shown(hook)}) failed with exit code ${run.code ?? 'unknown'}${lines.length ? `:\n${lines.join('\n')}` : ''}`,
        { service, reason: `post_start hook exited with ${run.code ?? 'unknown'}`, logTail: lines },
      );
    }
  }
}

/**
 * Runs the pre_stop hooks in order before the container is stopped. A failure is reported, not
 * thrown: the stop goes on (a cancel still ends it).
 */
export async function runPreStop(docker: Docker, service: string, containerId: string, hooks: LifecycleHookSpec[] | undefined, progress: Progress, signal?: AbortSignal): Promise<void> {
  for (const hook of hooks ?? []) {
    progress({ service, message: `pre_stop: ${shown(hook)}` });
    try {
      const run = await runHook(docker, containerId, hook, signal);
      if (run.code !== 0) {
        const lines = tail(run.output);
        progress({ service, message: `the pre_stop hook (${shown(hook)}) failed with exit code ${run.code ?? 'unknown'}; stopping anyway${lines.length ? `:\n${lines.join('\n')}` : ''}` });
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      progress({ service, message: `the pre_stop hook (${shown(hook)}) could not run: ${engineMessage(e)}; stopping anyway` });
    }
  }
}
