// One exec session on the engine: created, started on a hijacked connection, sized, then read with
// back-pressure (pausing the socket makes the engine stop reading the process's output, which
// blocks the process: `yes` cannot outrun the viewer) and written to as the viewer types.

import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { apiAtLeast, type Engine, engineMessage, statusOf } from '../docker/connect.ts';
import { FrameDemuxer, type FrameStream } from '../docker/frameDemuxer.ts';
import { SESSION_VARIABLE } from './killSession.ts';
import { exitCodeOf } from './quietExec.ts';

export interface ExecSessionSpec {
  containerId: string;
  /** For messages: which service the container is. */
  stack: string;
  service: string;
  session: string;
  command: string[];
  user?: string;
  workdir?: string;
  tty: boolean;
  cols: number;
  rows: number;
}

export interface ExecOutput {
  data(bytes: Uint8Array, stream?: FrameStream): void;
  /** The output ended: the process exited (code from exec inspect) or the connection broke. */
  exit(code: number | null): void;
}

export interface ExecSession {
  readonly tty: boolean;
  /** Starts delivering output; nothing is read before, so no byte comes ahead of 'started'. */
  begin(output: ExecOutput): void;
  write(data: Uint8Array): Promise<void>;
  /** Closes the process's stdin (end of file for a reader without a TTY). */
  endInput(): void;
  resize(cols: number, rows: number): Promise<void>;
  pause(): void;
  resume(): void;
  /** Closes the connection; the process itself is not ended by this (see killSession.ts). */
  close(): void;
  readonly exited: boolean;
}

/** ConsoleSize on exec create arrived with API 1.42; older engines are resized after start. */
const CONSOLE_SIZE_API = '1.42';

export async function openExecSession(engine: Engine, spec: ExecSessionSpec): Promise<ExecSession> {
  const { docker } = engine;
  const createOptions: Docker.ExecCreateOptions & { ConsoleSize?: [number, number] } = {
    Cmd: spec.command,
    Tty: spec.tty,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Env: [`${SESSION_VARIABLE}=${spec.session}`, ...(spec.tty ? ['TERM=xterm-256color'] : [])],
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
    ...(spec.tty && apiAtLeast(engine, CONSOLE_SIZE_API) ? { ConsoleSize: [spec.rows, spec.cols] } : {}),
  };
  let exec: Docker.Exec;
  let socket: Duplex;
  try {
    exec = await docker.getContainer(spec.containerId).exec(createOptions);
    // `Tty` here must match the create options: without a TTY the engine multiplexes the output.
    // dockerode sends these options as the request body, before the connection is hijacked; the
    // terminal test checks that none of it reaches the process's stdin (apocas/dockerode#742).
    socket = (await exec.start({ hijack: true, stdin: true, Tty: spec.tty })) as unknown as Duplex;
    // Until begin() listens, a broken connection must not throw as an unhandled 'error' event;
    // begin() sees it as the end of the output.
    socket.on('error', () => {});
  } catch (e) {
    throw execFailure(e, spec.stack, spec.service);
  }

  const resize = async (cols: number, rows: number): Promise<void> => {
    if (!spec.tty) throw BranchyardError.invalid([{ field: 'session', message: 'this session has no TTY to resize' }]);
    await exec.resize({ w: cols, h: rows });
  };
  if (spec.tty && !apiAtLeast(engine, CONSOLE_SIZE_API)) await initialResize(resize, spec.cols, spec.rows);

  let closed = false;
  let exited = false;
  let inputEnded = false;
  let paused = false;
  return {
    tty: spec.tty,
    get exited() {
      return exited;
    },
    begin(output) {
      const demux = spec.tty ? undefined : new FrameDemuxer();
      socket.on('data', (chunk: Buffer) => {
        // A copy into a plain Uint8Array: a view would keep the socket's read buffer alive and
        // travel whole over IPC.
        if (demux) demux.push(chunk, (stream, payload) => output.data(new Uint8Array(payload), stream));
        // A plain Uint8Array copy: the viewer decodes (never toString here, which would split a
        // multi-byte character cut between two chunks), and no pooled read buffer travels along.
        else output.data(new Uint8Array(chunk));
      });
      let finished = false;
      const finish = () => {
        if (finished || closed) return;
        finished = true;
        void exitCodeOf(exec).then((code) => {
          // null: the connection broke while the process still runs; closing must still end it.
          exited = code !== null;
          output.exit(code);
        });
      };
      socket.on('end', finish);
      socket.on('close', finish);
      socket.on('error', finish);
      if (socket.destroyed) finish();
      else if (!paused) socket.resume();
    },
    write(data) {
      if (closed || inputEnded) {
        return Promise.reject(BranchyardError.invalid([{ field: 'session', message: 'the input of this session is closed' }]));
      }
      return new Promise((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
    },
    endInput() {
      if (closed || inputEnded) return;
      inputEnded = true;
      // A half-close: the engine closes the process's stdin and keeps sending its output.
      socket.end();
    },
    resize,
    pause() {
      paused = true;
      socket.pause();
    },
    resume() {
      paused = false;
      socket.resume();
    },
    close() {
      if (closed) return;
      closed = true;
      socket.destroy();
    },
  };
}

/** An engine refusal of an exec, said in terms of the service (409: the container is not running). */
export function execFailure(e: unknown, stack: string, service: string): BranchyardError {
  if (e instanceof BranchyardError) return e;
  if (statusOf(e) === 409) {
    return new BranchyardError('engine', `service '${service}' of stack '${stack}' is not running: ${engineMessage(e)}`, { service, state: 'not running' });
  }
  if (statusOf(e) === 404) return new BranchyardError('not-found', `the container of service '${service}' of stack '${stack}' is gone: ${engineMessage(e)}`, { service });
  return new BranchyardError('engine', `cannot run a command in service '${service}' of stack '${stack}': ${engineMessage(e)}`, { service });
}

/**
 * The process starts a moment after the hijack, and resizing an exec that is not running yet
 * fails; the docker command line retries the same way.
 */
async function initialResize(resize: (cols: number, rows: number) => Promise<void>, cols: number, rows: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await resize(cols, rows);
      return;
    } catch (e) {
      // A process that ended at once (a wrong command) is reported by its output and exit code.
      if (attempt >= 10) return;
      if (statusOf(e) === 404) return;
      await new Promise((r) => setTimeout(r, 10 * attempt));
    }
  }
}
