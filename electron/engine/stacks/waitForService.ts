// Waits for a service to reach what its dependants (or `up --wait`) need. Readiness comes from the
// engine's own state and health status: read again the moment the engine reports an event of
// the container (a health_status, a die, a start: heard on the one shared /events stream), and at
// the latest every POLL_MS in case an event was missed. Polling alone (compose polls) lags the
// real change by half an interval on average, at every level of the dependency graph.

import type Docker from 'dockerode';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import { engineMessage } from '../docker/connect.ts';
import { onEngineEvents } from '../docker/engineEvents.ts';
import { logTail } from '../docker/logTail.ts';

export type WaitGoal = 'running' | 'healthy' | 'completed';

/** The fallback re-read when no event came; events usually come first. */
const POLL_MS = 1000;

export function goalOf(condition: string): WaitGoal {
  if (condition === 'service_healthy') return 'healthy';
  if (condition === 'service_completed_successfully') return 'completed';
  return 'running';
}

/** How many of a failed service's last log lines its error and its progress carry. */
export const FAILURE_LINES = 20;

/** The last healthcheck's result, as the engine recorded it: "exit 1: connection refused". */
function lastCheck(st: Docker.ContainerInspectInfo['State']): string | undefined {
  const last = st.Health?.Log?.at(-1);
  if (!last) return undefined;
  const output = last.Output.trim().split('\n').filter(Boolean).at(-1);
  return `exit ${last.ExitCode}${output ? `: ${output}` : ''}`;
}

/**
 * Why the container is not what was waited for, in the engine's own terms: its exit code, an
 * out-of-memory kill, the engine's error, the last healthcheck's output.
 */
export function failureReason(st: Docker.ContainerInspectInfo['State'], what: string): string {
  const extra = [
    st.OOMKilled ? 'OOMKilled: it ran out of memory' : '',
    st.Error ? `engine: ${st.Error}` : '',
    st.Health && st.Health.Status !== 'healthy' && lastCheck(st) ? `last healthcheck ${lastCheck(st)}` : '',
  ].filter(Boolean);
  return extra.length ? `${what} (${extra.join('; ')})` : what;
}

async function failure(docker: Docker, service: string, id: string, st: Docker.ContainerInspectInfo['State'], what: string, state: string): Promise<BranchyardError> {
  const tail = await logTail(docker, id, FAILURE_LINES);
  const reason = failureReason(st, what);
  const log = tail.length ? `\n  last log lines of ${service}:\n    ${tail.join('\n    ')}` : '';
  const exited = st.Status === 'exited' || st.Status === 'dead';
  return new BranchyardError('service-failed', `service '${service}' ${reason}${log}`, {
    service,
    state,
    logTail: tail,
    reason,
    ...(exited ? { exitCode: st.ExitCode } : {}),
  });
}

/**
 * Resolves when the container reaches `goal`; rejects naming the service, its state and the tail
 * of its log when it exits or turns unhealthy instead, or when `deadline` (ms since epoch) passes.
 * `waitingFor` names who waits, for the timeout message.
 */
export async function waitForService(
  docker: Docker,
  service: string,
  containerId: string,
  goal: WaitGoal,
  deadline: number,
  waitingFor?: string,
  signal?: AbortSignal,
): Promise<void> {
  const changes = watchContainer(docker, containerId);
  try {
    await changes.ready;
    return await waitLoop(docker, service, containerId, goal, deadline, waitingFor, signal, changes);
  } finally {
    changes.dispose();
  }
}

interface Changes {
  ready: Promise<void>;
  /** Resolves at the next event of the container since the last call, or after `ms`, or on abort. */
  next(ms: number, signal?: AbortSignal): Promise<void>;
  dispose(): void;
}

/**
 * Container events that say nothing of its state: every run of a healthcheck (the engine's and an
 * up's own, healthProbe.ts) is an exec_create, exec_start and exec_die, and a wait woken by each
 * would read the container again for nothing, several waits at a time.
 */
const NOT_STATE = /^(exec_|attach$|detach$|resize$|top$|archive-path$|extract-to-dir$|export$|copy$|commit$|rename$|update$)/;

/** True when a container event may mean a change of what a wait looks at (state, health, exit). */
export function mayChangeState(action: string | undefined): boolean {
  return !NOT_STATE.test(action ?? '');
}

function watchContainer(docker: Docker, containerId: string): Changes {
  let pending = false;
  let wake: (() => void) | undefined;
  const sub = onEngineEvents(docker, {
    event(e) {
      if (e.Type !== 'container' || (e.Actor?.ID !== containerId && e.id !== containerId)) return;
      if (!mayChangeState(e.Action)) return;
      pending = true;
      wake?.();
    },
    reconnected() {
      pending = true;
      wake?.();
    },
  });
  return {
    // An engine whose event stream cannot open still gets polled: never wait on it for long.
    ready: Promise.race([sub.ready, new Promise<void>((r) => setTimeout(r, 500).unref())]),
    next(ms, signal) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          wake = undefined;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    dispose: () => sub.dispose(),
  };
}

async function waitLoop(
  docker: Docker,
  service: string,
  containerId: string,
  goal: WaitGoal,
  deadline: number,
  waitingFor: string | undefined,
  signal: AbortSignal | undefined,
  changes: Changes,
): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw cancelledError(`cancelled while waiting for service '${service}'`);
    let info: Docker.ContainerInspectInfo;
    try {
      info = await docker.getContainer(containerId).inspect({ abortSignal: signal });
    } catch (e) {
      if (signal?.aborted) throw cancelledError(`cancelled while waiting for service '${service}'`);
      throw new BranchyardError('service-failed', `service '${service}' disappeared: ${engineMessage(e)}`, { service });
    }
    const st = info.State;
    const health = st.Health?.Status;
    const exited = st.Status === 'exited' || st.Status === 'dead';
    if (goal === 'completed') {
      if (exited && st.ExitCode === 0) return;
      if (exited) throw await failure(docker, service, containerId, st, `exited with code ${st.ExitCode}`, st.Status);
    } else if (exited) {
      if (goal === 'running' && st.ExitCode === 0 && !st.Restarting) return; // a one-shot that is done
      throw await failure(docker, service, containerId, st, `exited with code ${st.ExitCode}`, st.Status);
    } else if (goal === 'healthy') {
      if (!st.Health) {
        throw new BranchyardError('invalid-input', `service '${service}' has no healthcheck, so nothing can wait for it to be healthy`, {
          service,
          field: `services.${service}.healthcheck`,
        });
      }
      if (health === 'healthy') return;
      if (health === 'unhealthy') throw await failure(docker, service, containerId, st, 'is unhealthy', `running (unhealthy)`);
    } else if (st.Running) {
      return;
    }
    if (Date.now() > deadline) {
      const what = goal === 'healthy' ? `healthy (health: ${health ?? 'none'})` : goal === 'completed' ? 'completed' : 'running';
      const check = goal === 'healthy' ? lastCheck(st) : undefined;
      throw new BranchyardError(
        'timeout',
        `timed out waiting for service '${service}' to be ${what}${waitingFor ? `, which ${waitingFor} waits for` : ''}`,
        {
          service,
          state: st.Status,
          reason: `not ${goal} in time (state: ${st.Status}${health ? `, health: ${health}` : ''}${check ? `, last healthcheck ${check}` : ''})`,
          logTail: await logTail(docker, containerId, FAILURE_LINES),
        },
      );
    }
    // Until the next event of the container, the fallback poll, or the deadline: whichever is first.
    await changes.next(Math.max(10, Math.min(POLL_MS, deadline - Date.now() + 10)), signal);
  }
}
