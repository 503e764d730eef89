// Waits for a service to reach what its dependants (or `up --wait`) need. Readiness comes from the
// engine's own state and health status, polled every 250 ms as compose does (it polls every
// 500 ms), so a change is seen well within a second.

import type Docker from 'dockerode';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import { engineMessage } from '../docker/connect.ts';
import { logTail } from '../docker/logTail.ts';

export type WaitGoal = 'running' | 'healthy' | 'completed';

const POLL_MS = 250;

export function goalOf(condition: string): WaitGoal {
  if (condition === 'service_healthy') return 'healthy';
  if (condition === 'service_completed_successfully') return 'completed';
  return 'running';
}

async function failure(docker: Docker, service: string, id: string, what: string, state: string): Promise<BranchyardError> {
  const tail = await logTail(docker, id);
  const log = tail.length ? `\n  last log lines of ${service}:\n    ${tail.join('\n    ')}` : '';
  return new BranchyardError('service-failed', `service '${service}' ${what}${log}`, { service, state, logTail: tail });
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
      if (exited) throw await failure(docker, service, containerId, `exited with code ${st.ExitCode}`, st.Status);
    } else if (exited) {
      if (goal === 'running' && st.ExitCode === 0 && !st.Restarting) return; // a one-shot that is done
      throw await failure(docker, service, containerId, `exited with code ${st.ExitCode}`, st.Status);
    } else if (goal === 'healthy') {
      if (!st.Health) {
        throw new BranchyardError('invalid-input', `service '${service}' has no healthcheck, so nothing can wait for it to be healthy`, {
          service,
          field: `services.${service}.healthcheck`,
        });
      }
      if (health === 'healthy') return;
      if (health === 'unhealthy') throw await failure(docker, service, containerId, 'is unhealthy', `running (unhealthy)`);
    } else if (st.Running) {
      return;
    }
    if (Date.now() > deadline) {
      const what = goal === 'healthy' ? `healthy (health: ${health ?? 'none'})` : goal === 'completed' ? 'completed' : 'running';
      throw new BranchyardError(
        'timeout',
        `timed out waiting for service '${service}' to be ${what}${waitingFor ? `, which ${waitingFor} waits for` : ''}`,
        { service, state: st.Status },
      );
    }
    await pause(POLL_MS, signal);
  }
}

/** A sleep that a cancel ends at once (the loop above then reports the cancel). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
