// A short exec without a TTY or input whose output is read to the end: the shell probe, the
// session killer and an `up`'s own runs of a healthcheck (stacks/healthProbe.ts). Output is
// small, so it is collected in memory.

import type Docker from 'dockerode';
import { FrameDemuxer } from '../docker/frameDemuxer.ts';

export interface QuietExecResult {
  code: number | null;
  /** stdout and stderr together, decoded (these are our own constant scripts or engine messages). */
  output: string;
}

export async function quietExec(
  docker: Docker,
  containerId: string,
  options: { cmd: string[]; user?: string; workdir?: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<QuietExecResult> {
  const { signal } = options;
  const exec = await docker.getContainer(containerId).exec({
    Cmd: options.cmd,
    AttachStdout: true,
    AttachStderr: true,
    ...(options.user ? { User: options.user } : {}),
    ...(options.workdir ? { WorkingDir: options.workdir } : {}),
    abortSignal: signal,
  });
  const socket = (await exec.start({ hijack: true, stdin: false, abortSignal: signal })) as NodeJS.ReadableStream & { destroy(): void };
  const demux = new FrameDemuxer();
  const pieces: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    const finish = (e?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (e) reject(e);
      else resolve();
    };
    const onAbort = () => {
      socket.destroy();
      finish(signal?.reason instanceof Error ? signal.reason : new DOMException('cancelled', 'AbortError'));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish(new Error(`'${options.cmd[0]}' gave no answer in ${(options.timeoutMs ?? 10_000) / 1000} s`));
    }, options.timeoutMs ?? 10_000);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => demux.push(chunk, (_stream, payload) => pieces.push(payload)));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e: Error) => finish(e));
  });
  return { code: await exitCodeOf(exec, signal), output: Buffer.concat(pieces).toString('utf8') };
}

/**
 * The exit code of an exec whose output has ended. The engine may record it a moment after the
 * stream closes, so ask again briefly while it still says running.
 */
export async function exitCodeOf(exec: Docker.Exec, signal?: AbortSignal): Promise<number | null> {
  for (let i = 0; i < 20 && !signal?.aborted; i++) {
    try {
      const info = await exec.inspect({ abortSignal: signal });
      if (!info.Running) return info.ExitCode ?? null;
    } catch {
      return null;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}
