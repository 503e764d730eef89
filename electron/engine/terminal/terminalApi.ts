// Contract handlers for terminals: the `terminal` stream, terminalInput and terminalResize.
// A stream is one exec session; its random id names it for input and resize, and ends up in the
// process's environment so that closing the session can end everything it started.

import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';
import { type ExecSession, execFailure, openExecSession } from './execSession.ts';
import { killSessionProcesses } from './killSession.ts';
import { quietExec } from './quietExec.ts';
import { findServiceContainer } from './serviceContainer.ts';
import { SHELL_PROBE, chooseShell } from './shellChoice.ts';
import { type CheckedTerminalParams, checkInputParams, checkResizeParams, checkTerminalParams } from './terminalParams.ts';
import { DisposableStore } from '../lifecycle/disposableStore.ts';

export function terminalHandlers(ctx: EngineContext): {
  requests: Pick<RequestHandlers, 'terminalInput' | 'terminalResize'>;
  streams: Pick<StreamHandlers, 'terminal'>;
} {
  const sessions = new Map<string, ExecSession>();

  function sessionOf(id: string): ExecSession {
    const s = sessions.get(id);
    if (!s) throw new BranchyardError('not-found', `no terminal session '${id}' (it has ended, or was never started)`);
    return s;
  }

  return {
    requests: {
      async terminalInput(raw) {
        const p = checkInputParams(raw);
        const session = sessionOf(p.session);
        // Written before the first await, so inputs reach the process in the order they were sent
        // even though the host runs calls concurrently.
        const written = p.data && p.data.byteLength > 0 ? session.write(p.data) : Promise.resolve();
        if (p.eof) session.endInput();
        await written;
        return null;
      },
      async terminalResize(raw) {
        const p = checkResizeParams(raw);
        await sessionOf(p.session).resize(p.cols, p.rows);
        return null;
      },
    },
    streams: {
      async terminal(raw, sink) {
        const p = checkTerminalParams(raw);
        const engine = await ctx.engine();
        const container = await findServiceContainer(engine.docker, p.stack, p.service);
        const command = p.command ?? (await defaultShell(engine.docker, container.id, p));
        if (sink.signal.aborted) return;
        const id = randomBytes(16).toString('hex');
        const exec = await openExecSession(engine, { ...p, containerId: container.id, session: id, command });
        // Released last first: forget the session, close the connection, then end its processes.
        const store = new DisposableStore(`the terminal of service ${p.service} in stack ${p.stack}`);
        // Closing the connection leaves the process running (see killSession.ts).
        store.add(async () => {
          if (!exec.exited) await killSessionProcesses(engine.docker, container.id, id);
        });
        store.add(() => exec.close());
        store.add(() => sessions.delete(id));
        sessions.set(id, exec);
        sink.emit({ type: 'started', session: id, command, container: container.id });
        exec.begin({
          data: (data, stream) => sink.emit(stream ? { type: 'data', data, stream } : { type: 'data', data }),
          exit: (code) => {
            sessions.delete(id);
            sink.emit({ type: 'exit', code });
            sink.end();
          },
        });
        return {
          pause: () => exec.pause(),
          resume: () => exec.resume(),
          dispose: () => store.dispose(),
        };
      },
    },
  };
}

/** bash if the container has it, else sh; asked as the session's user, in its directory. */
async function defaultShell(docker: Docker, containerId: string, p: CheckedTerminalParams): Promise<string[]> {
  let probe;
  try {
    probe = await quietExec(docker, containerId, { cmd: SHELL_PROBE, user: p.user, workdir: p.workdir });
  } catch (e) {
    throw execFailure(e, p.stack, p.service);
  }
  const choice = chooseShell(probe.code, probe.output);
  if ('shell' in choice) return [choice.shell];
  if ('missing' in choice) {
    throw BranchyardError.invalid([
      {
        field: 'command',
        service: p.service,
        message: `the container of service '${p.service}' has no sh to open a shell with: give the command to run (branchyard exec ${p.stack} ${p.service} -- PROGRAM ARGS...)`,
      },
    ]);
  }
  throw new BranchyardError('engine', `cannot open a shell in service '${p.service}' of stack '${p.stack}': ${choice.error}`, { service: p.service });
}
