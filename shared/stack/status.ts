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
  /**
   * For a service created and never started: the dependency that kept it from starting because it
   * failed (or was itself not started), with the reason in words ("db failed: exited with code 3").
   * Absent when the `up` ended for another reason (cancelled, killed).
   */
  blockedBy?: { service: string; reason: string };
}

/**
 * incomplete: an `up` did not finish (it was cancelled, killed, or failed) or is still under way:
 * the stack file has services with no container, or with a container created but never started
 * (an `up` creates every container first and starts each when what it depends on is ready);
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
  /** The subnet and engine name of the stack's first network. */
  subnet?: string;
  network?: string;
  /** Every network of the stack, by engine name, when it has more than one. */
  networks?: string[];
  status: StackState;
  services: ServiceStatus[];
  /**
   * The services the stack file had at the last `up` (from the labels), when known. Services of
   * it with no container are in `missing`.
   */
  expected?: string[];
  missing?: string[];
  /**
   * Services whose container was created and never started: the engine's `created` state, which a
   * container leaves for good at its first start. No `up` that finished leaves one.
   */
  notStarted?: string[];
}

/** The services of `services` that were created and never started. */
export function neverStarted(services: Pick<ServiceStatus, 'name' | 'state'>[]): string[] {
  return services.filter((s) => s.state === 'created').map((s) => s.name);
}

/**
 * Why each service created and never started was not: a dependency that failed, or one that was
 * itself not started for that reason. The others (an `up` cancelled or killed first) get none.
 */
export function blockedServices(services: Pick<ServiceStatus, 'name' | 'state' | 'dependsOn' | 'failure'>[]): Map<string, { service: string; reason: string }> {
  const byName = new Map(services.map((s) => [s.name, s]));
  const blocked = new Map<string, { service: string; reason: string }>();
  // Until nothing changes: a service blocked by a blocked one is found on a later pass.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of services) {
      if (s.state !== 'created' || s.failure || blocked.has(s.name)) continue;
      for (const dep of Object.keys(s.dependsOn)) {
        const f = byName.get(dep)?.failure;
        if (!f && !blocked.has(dep)) continue;
        blocked.set(s.name, { service: dep, reason: f ? `${dep} failed: ${f.reason}` : `waits for ${dep}, which was not started` });
        changed = true;
        break;
      }
    }
  }
  return blocked;
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
  if (missing.length > 0 || neverStarted(services).length > 0) return 'incomplete';
  if (services.length === 0) return 'empty';
  const running = services.filter((s) => s.state === 'running');
  if (running.length === 0) return 'stopped';
  const completed = completedOneShots(services);
  const done = (s: ServiceStatus) => completed.has(s.name);
  if (services.some((s) => (s.state !== 'running' && !done(s)) || s.health === 'unhealthy')) return 'degraded';
  if (running.some((s) => s.health === 'starting')) return 'starting';
  return 'running';
}

/** What a stack's one-line summary says, as data: the command line and each UI language word it. */
export interface ServicesCounts {
  /** Services the file has (with or without a container). */
  total: number;
  running: number;
  /** Started at least once: for an incomplete stack, how far its `up` got. */
  started: number;
  /** True when an `up` did not get every service created and started. */
  incomplete: boolean;
  notStarted: string[];
  missing: string[];
  failed: string[];
}

export function servicesCounts(s: StackStatus): ServicesCounts {
  const missing = s.missing ?? [];
  const notStarted = s.notStarted ?? neverStarted(s.services);
  const failed = s.services.filter((x) => x.failure).map((x) => x.name);
  const incomplete = missing.length > 0 || notStarted.length > 0;
  const total = incomplete ? s.services.length + missing.length : s.services.length;
  const running = s.services.filter((x) => x.state === 'running').length;
  return { total, running, started: total - missing.length - notStarted.length, incomplete, notStarted, missing, failed };
}

/**
 * For an incomplete stack, what the `up` got to: "1 of 3 services started (not started: app;
 * not created: web)". Else "2/3 running". Failed services are named in both.
 */
export function servicesSummary(s: StackStatus): string {
  const c = servicesCounts(s);
  const parts = [
    c.notStarted.length ? `not started: ${c.notStarted.join(', ')}` : '',
    c.missing.length ? `not created: ${c.missing.join(', ')}` : '',
    c.failed.length ? `failed: ${c.failed.join(', ')}` : '',
  ].filter(Boolean);
  if (c.incomplete) return `${c.started} of ${c.total} services started (${parts.join('; ')})`;
  const running = `${c.running}/${c.total} running`;
  return parts.length ? `${running} (${parts.join('; ')})` : running;
}
