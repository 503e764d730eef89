// Failed is not stopped: a service that exited with a code its stop signal does not explain, was
// killed for memory, could not be started, or fails its healthcheck, is failed; one that a user,
// `down` or an engine restart stopped is stopped, whatever its exit code (0, or 128 + the signal
// that stopped it). The listing says enough for most containers; only those it cannot tell apart
// are inspected (for OOMKilled, Error, the stop signal and the healthcheck's output).

import type Docker from 'dockerode';
import type { ServiceFailure } from '../../../shared/stack/status.ts';
import { clip } from '../../../shared/text/quote.ts';

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28, SIGPWR: 30 };
const SIGTERM_EXIT = 128 + 15;

/** The exit code in "Exited (3) 2 seconds ago" or "Restarting (1) 1 second ago". */
export function listedExitCode(status: string): number | undefined {
  const m = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** Whether the listing leaves open if this container failed: then it is inspected. */
export function needsInspect(c: Pick<Docker.ContainerInfo, 'State' | 'Status'>): boolean {
  if (c.State === 'dead' || c.State === 'created') return true;
  if (c.State === 'running') return /\(unhealthy\)/.test(c.Status);
  const code = listedExitCode(c.Status);
  if (c.State === 'restarting') return code !== undefined && code !== 0;
  // 0 and SIGTERM's 143 are how a stopped container ends (the default stop signal).
  return c.State === 'exited' && code !== undefined && code !== 0 && code !== SIGTERM_EXIT;
}

function signalNumber(name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  const n = name.toUpperCase();
  return SIGNALS[n.startsWith('SIG') ? n : `SIG${n}`];
}

/** Exit codes a stop explains: 128 + the stop signal, or + SIGKILL after the grace period. */
function stoppedBySignal(info: Docker.ContainerInspectInfo, code: number): boolean {
  const stop = signalNumber((info.Config as { StopSignal?: string } | undefined)?.StopSignal) ?? 15;
  return code === 128 + stop || code === 128 + 9 || code === SIGTERM_EXIT;
}

const never = (t: string | undefined) => !t || t.startsWith('0001-01-01');

/** The last healthcheck's output, on one line, cut to fit a row. */
function lastProbe(info: Docker.ContainerInspectInfo): string | undefined {
  const log = info.State?.Health?.Log ?? [];
  const last = log[log.length - 1];
  const text = last?.Output?.replace(/\s+/g, ' ').trim();
  if (!last) return undefined;
  return text ? clip(text, 200) : `the probe exited with code ${last.ExitCode}`;
}

/** The failure the inspect document shows, or undefined for a container that is fine or stopped. */
export function failureOf(info: Docker.ContainerInspectInfo): ServiceFailure | undefined {
  const st = info.State;
  if (!st) return undefined;
  const ended = !st.Running && !never(st.FinishedAt) ? { finishedAt: st.FinishedAt } : {};
  const error = st.Error?.trim();
  if (st.OOMKilled) return { reason: 'killed: out of memory', exitCode: st.ExitCode, oomKilled: true, ...ended };
  if (st.Dead || st.Status === 'dead') return { reason: `dead${error ? `: ${error}` : ''}`, exitCode: st.ExitCode, ...ended };
  if (st.Running && !st.Restarting) {
    if (st.Health?.Status !== 'unhealthy') return undefined;
    const probe = lastProbe(info);
    return { reason: `unhealthy${probe ? `: ${probe}` : ''}` };
  }
  if (error) return { reason: `could not start: ${error}`, ...(st.ExitCode ? { exitCode: st.ExitCode } : {}), ...ended };
  if (st.ExitCode === 0 || st.Status === 'created') return undefined;
  if (st.Restarting) return { reason: `restarting after exit code ${st.ExitCode}`, exitCode: st.ExitCode, ...ended };
  if (stoppedBySignal(info, st.ExitCode)) return undefined;
  return { reason: `exited with code ${st.ExitCode}`, exitCode: st.ExitCode, ...ended };
}
