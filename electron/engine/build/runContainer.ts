// Runs a one-off build container to completion: create, upload archives, attach, start, stream its
// output, wait, and always remove it, also when the run fails or is cancelled.

import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import { engineMessage } from '../docker/connect.ts';
import { logged } from '../log/logger.ts';
import { type OnOutputLine, outputLines } from './containerOutput.ts';

export interface RunOptions {
  /** Archives to unpack into the container before it starts: [path, tar stream]. */
  uploads?: [string, Readable][];
  /** Every line of output (stdout and stderr, or only stderr when stdout is collected), with its stream. */
  onLine?: OnOutputLine;
  /** Keep stdout as bytes instead of lines (save-artifacts writes a tar there). */
  collectStdout?: boolean;
  signal?: AbortSignal;
  /** Runs after the container exited and before it is removed (a build commits it here). */
  beforeRemove?: (container: Docker.Container, exitCode: number) => Promise<void>;
}

export interface RunResult {
  exitCode: number;
  stdout?: Buffer;
  /** The last lines of output, for error messages. */
  tail: string[];
}

export async function runContainer(docker: Docker, create: Docker.ContainerCreateOptions, o: RunOptions = {}): Promise<RunResult> {
  if (o.signal?.aborted) throw cancelled();
  const container = await docker.createContainer(create);
  const onAbort = () => void container.kill().catch(logged('debug', `killing the cancelled build container ${create.name ?? container.id}`));
  o.signal?.addEventListener('abort', onAbort);
  try {
    for (const [path, archive] of o.uploads ?? []) await container.putArchive(archive, { path });
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const lines = outputLines(o.onLine ?? (() => {}));
    const stdoutChunks: Buffer[] = [];
    const stdout = o.collectStdout ? new PassThrough().on('data', (c: Buffer) => stdoutChunks.push(c)) : lines.stdout;
    docker.modem.demuxStream(stream, stdout, lines.stderr);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await ended;
    lines.end();
    if (o.signal?.aborted) throw cancelled();
    await o.beforeRemove?.(container, StatusCode);
    return { exitCode: StatusCode, stdout: o.collectStdout ? Buffer.concat(stdoutChunks) : undefined, tail: lines.tail };
  } catch (e) {
    if (o.signal?.aborted) throw cancelled();
    if (e instanceof BranchyardError) throw e;
    throw new BranchyardError('engine', `build container failed: ${engineMessage(e)}`);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await container.remove({ force: true, v: true }).catch(logged('warn', `removing the build container ${create.name ?? container.id}`));
  }
}

export function cancelled(): BranchyardError {
  return cancelledError('build cancelled');
}
