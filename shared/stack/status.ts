// What the engine reports about stacks that exist: read from the engine's labelled objects alone.
// These are the shapes `ls --json` and `ps --json` print and the UI will show.

export type ServiceState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'missing';

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';

/**
 * Why a service is failed rather than stopped: it exited with a code its stop signal does not
 * explain, the kernel killed it for memory, the engine could not start it, or its healthcheck
 * fails. Read from the engine's inspect document (State.ExitCode, OOMKilled, Error, Health.Log).
 */
export interface ServiceFailure {
  /** In words, for a person: "exited with code 3", "killed: out of memory", "unhealthy: <probe output>". */
  reason: string;
  exitCode?: number;
  oomKilled?: boolean;
  /** When it ended (ISO 8601), for a container that is not running. */
  finishedAt?: string;
}

export interface ServiceStatus {
  name: string;
  containerId: string;
  containerName: string;
  image: string;
  ip: string;
  state: ServiceState;
  health: Health;
  exitCode?: number;
  /** Services this one depends on, with their conditions (from the container's labels). */
  dependsOn: Record<string, string>;
  /** For services built from source: the commit the running image was built from. */
  commit?: string;
  /** Set when the service is failed, not merely stopped (see ServiceFailure). */
  failure?: ServiceFailure;
}

/** A service of the file that has no container because what it depends on failed. */
export interface NotStarted {
  name: string;
  /** The dependency it waits for. */
  waitsFor: string;
  /** "db failed: exited with code 3", "waits for app, which was not started". */
  reason: string;
}

/**
 * incomplete: the stack file has services that have no container (an `up` was cancelled or
 * killed midway: "2 of 3 services created");
 * running: every service running (and healthy where it has a healthcheck);
 * starting: all up, some healthchecks not passed yet; degraded: some services not running or
 * unhealthy; stopped: no service running; empty: only the network is left.
 */
export type StackState = 'incomplete' | 'running' | 'starting' | 'degraded' | 'stopped' | 'empty';

export interface StackStatus {
  name: string;
  template: string;
  branch?: string;
  file?: string;
  subnet?: string;
  network?: string;
  status: StackState;
  services: ServiceStatus[];
  /**
   * The services the stack file had at the last `up` (from the labels), when known. Services of
   * it with no container are in `missing`.
   */
  expected?: string[];
  missing?: string[];
  /**
   * Of `missing`, those that were never created because a dependency failed (or was itself not
   * started): "not started", with the reason. The others of `missing` are "not created" (the
   * `up` that would have made them was cancelled or killed).
   */
  notStarted?: NotStarted[];
}

/**
 * The one-shot services that are done, not down: a service another waits on to complete
 * (`service_completed_successfully`) that exited with 0. Any other service that exited with 0
 * was stopped (its stop signal handled), and is started again with the stack.
 */
export function completedOneShots(services: Pick<ServiceStatus, 'name' | 'dependsOn' | 'state' | 'exitCode'>[]): Set<string> {
  const waitedOn = new Set(services.flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'service_completed_successfully').map(([d]) => d)));
  return new Set(services.filter((s) => waitedOn.has(s.name) && s.state === 'exited' && s.exitCode === 0).map((s) => s.name));
}

export function stackState(services: ServiceStatus[], missing: string[] = []): StackState {
  if (missing.length > 0) return 'incomplete';
  if (services.length === 0) return 'empty';
  const running = services.filter((s) => s.state === 'running');
  if (running.length === 0) return 'stopped';
  const completed = completedOneShots(services);
  const done = (s: ServiceStatus) => completed.has(s.name);
  if (services.some((s) => (s.state !== 'running' && !done(s)) || s.health === 'unhealthy')) return 'degraded';
  if (running.some((s) => s.health === 'starting')) return 'starting';
  return 'running';
}

/** "2 of 3 services created" for an incomplete stack, else "2/3 running"; failed ones named. */
export function servicesSummary(s: StackStatus): string {
  const failed = s.services.filter((x) => x.failure).map((x) => x.name);
  const notes = failed.length ? [`failed: ${failed.join(', ')}`] : [];
  if (s.missing?.length && s.expected) {
    notes.unshift(`missing: ${s.missing.join(', ')}`);
    return `${s.expected.length - s.missing.length} of ${s.expected.length} services created (${notes.join('; ')})`;
  }
  const running = `${s.services.filter((x) => x.state === 'running').length}/${s.services.length} running`;
  return notes.length ? `${running} (${notes.join('; ')})` : running;
}

/**
 * The missing services that wait for a failed dependency, directly or through another missing
 * one. `graph` is what the last `up` wrote: each service's dependencies.
 */
export function notStartedServices(services: ServiceStatus[], missing: string[], graph: Record<string, string[]>): NotStarted[] {
  const failed = new Map(services.filter((s) => s.failure).map((s) => [s.name, s.failure!]));
  const blocked = new Map<string, NotStarted>();
  // Until nothing changes: a service blocked by a blocked one is found on a later pass.
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of missing) {
      if (blocked.has(name)) continue;
      for (const dep of graph[name] ?? []) {
        const f = failed.get(dep);
        const b = blocked.get(dep);
        if (!f && !b) continue;
        const reason = f ? `${dep} failed: ${f.reason}` : `waits for ${dep}, which was not started`;
        blocked.set(name, { name, waitsFor: dep, reason });
        changed = true;
        break;
      }
    }
  }
  return missing.filter((m) => blocked.has(m)).map((m) => blocked.get(m)!);
}
