// Runs a service's healthcheck test ourselves while services that depend on it (condition
// service_healthy) wait. The engine runs a container's first check only one `interval` after it
// started (Docker 20.10 has no start_interval), and every level of the dependency graph pays
// that again; a database ready after 0.3 s is reported healthy after 1 s or more. So right after
// the start, and again PROBE_GAP_MS after each attempt ends, this runs the same test the engine
// would, the way the engine runs it: an exec of the container's healthcheck test (CMD: the
// argument array; CMD-SHELL: through the container's shell, /bin/sh -c unless it sets one), as
// the container's user, in its working folder, given the healthcheck's timeout.
//
// Semantics: one passing run is enough, as it is for the engine, whose status turns from
// "starting" to "healthy" at the first passing check (retries count only failures in a row, and
// start_period only excuses failures). A failing run of ours counts for nothing: whether a service
// is unhealthy, has exited or timed out stays the engine's verdict (waitForService), and the
// health that `ls`, `ps` and the live status show is always the engine's own.

import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { quietExec } from '../terminal/quietExec.ts';

/** Pause between the end of one run of the test and the start of the next. */
export const PROBE_GAP_MS = 100;
/** Docker's default healthcheck timeout, for a test that sets none. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The command the engine runs for a healthcheck `test`, or undefined when there is none to run
 * (NONE, empty, or a form the engine would not run). As Docker builds it (daemon/health.go): the
 * elements after CMD as they are; after CMD-SHELL, appended to the container's shell.
 */
export function probeCommand(test: string[] | undefined, shell?: string[]): string[] | undefined {
  if (!test || test.length < 2) return undefined;
  const [form, ...rest] = test;
  if (form === 'CMD') return rest;
  if (form === 'CMD-SHELL') return [...(shell?.length ? shell : ['/bin/sh', '-c']), ...rest];
  return undefined;
}

export interface HealthProbe {
  /**
   * `passed` once a run of ours passed, `healthy` when the engine already said so before the
   * first run, undefined when stopped or when there is nothing to run.
   */
  readonly outcome: Promise<'passed' | 'healthy' | undefined>;
  stop(): void;
}

/** Runs the container's healthcheck until it passes once, `signal` aborts, or stop() is called. */
export function startHealthProbe(docker: Docker, containerId: string, signal: AbortSignal): HealthProbe {
  const own = new AbortController();
  const s = AbortSignal.any([signal, own.signal]);
  const outcome = (async () => {
    const info = await docker.getContainer(containerId).inspect({ abortSignal: s });
    const health = info.State.Health?.Status;
    if (health === 'healthy') return 'healthy' as const;
    // The engine's verdict stands (the wait fails on it); no run of ours can overturn it.
    if (health === 'unhealthy') return undefined;
    const hc = info.Config.Healthcheck;
    const cmd = probeCommand(hc?.Test, (info.Config as { Shell?: string[] }).Shell);
    if (!cmd) return undefined;
    const timeoutMs = hc?.Timeout ? hc.Timeout / 1e6 : DEFAULT_TIMEOUT_MS;
    while (!s.aborted) {
      try {
        const r = await quietExec(docker, containerId, { cmd, user: info.Config.User || undefined, workdir: info.Config.WorkingDir || undefined, timeoutMs, signal: s });
        if (r.code === 0) return 'passed' as const;
      } catch {
        // Not running (yet, or any more), or no answer in time: a failed run, which decides nothing.
      }
      await sleep(PROBE_GAP_MS, undefined, { signal: s });
    }
    return undefined;
  })().catch(() => undefined);
  return { outcome, stop: () => own.abort() };
}
