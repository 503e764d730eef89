// Reads a container's complete log from the engine as a stream (the same request the log viewer
// makes, without follow: a container that could be started again would never end).

import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { requestLogs } from '../logs/engineLogRequest.ts';
import { LogDemuxer, type StreamRecorder } from './logDemux.ts';

export interface LogOutputs {
  stdout: StreamRecorder;
  stderr: StreamRecorder;
}

/** Streams the whole log of a stopped container into the two recorders. */
export async function readContainerLog(docker: Docker, containerId: string, tty: boolean, out: LogOutputs, signal?: AbortSignal): Promise<void> {
  const source = await requestLogs(docker, containerId, { follow: false }, signal ?? new AbortController().signal);
  await pipeline(source, new LogDemuxer(out.stdout, out.stderr, tty), signal ? { signal } : {});
}
