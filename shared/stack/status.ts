// What the engine reports about stacks that exist: read from the engine's labelled objects alone.
// These are the shapes `ls --json` and `ps --json` print and the UI will show.

export type ServiceState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'missing';

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';

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
   * Services whose container was created and never started: the engine's `created` state, which a
   * container leaves for good at its first start. No `up` that finished leaves one.
   */
  notStarted?: string[];
}

/** The services of `services` that were created and never started. */
export function neverStarted(services: Pick<ServiceStatus, 'name' | 'state'>[]): string[] {
  return services.filter((s) => s.state === 'created').map((s) => s.name);
}

export function stackState(services: ServiceStatus[], missing: string[] = []): StackState {
  if (missing.length > 0 || neverStarted(services).length > 0) return 'incomplete';
  if (services.length === 0) return 'empty';
  const running = services.filter((s) => s.state === 'running');
  if (running.length === 0) return 'stopped';
  // A one-shot service that finished with 0 is done, not down.
  const done = (s: ServiceStatus) => s.state === 'exited' && s.exitCode === 0;
  if (services.some((s) => (s.state !== 'running' && !done(s)) || s.health === 'unhealthy')) return 'degraded';
  if (running.some((s) => s.health === 'starting')) return 'starting';
  return 'running';
}

/**
 * For an incomplete stack, what the `up` got to: "1 of 3 services started (not started: app;
 * not created: web)". Else "2/3 running".
 */
export function servicesSummary(s: StackStatus): string {
  const missing = s.missing ?? [];
  const notStarted = s.notStarted ?? neverStarted(s.services);
  if (missing.length || notStarted.length) {
    const total = s.services.length + missing.length;
    const parts = [notStarted.length ? `not started: ${notStarted.join(', ')}` : '', missing.length ? `not created: ${missing.join(', ')}` : ''];
    return `${total - missing.length - notStarted.length} of ${total} services started (${parts.filter(Boolean).join('; ')})`;
  }
  return `${s.services.filter((x) => x.state === 'running').length}/${s.services.length} running`;
}
