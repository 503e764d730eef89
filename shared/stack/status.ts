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
}

export function stackState(services: ServiceStatus[], missing: string[] = []): StackState {
  if (missing.length > 0) return 'incomplete';
  if (services.length === 0) return 'empty';
  const running = services.filter((s) => s.state === 'running');
  if (running.length === 0) return 'stopped';
  // A one-shot service that finished with 0 is done, not down.
  const done = (s: ServiceStatus) => s.state === 'exited' && s.exitCode === 0;
  if (services.some((s) => (s.state !== 'running' && !done(s)) || s.health === 'unhealthy')) return 'degraded';
  if (running.some((s) => s.health === 'starting')) return 'starting';
  return 'running';
}

/** "2 of 3 services created" for an incomplete stack, else "2/3 running". */
export function servicesSummary(s: StackStatus): string {
  if (s.missing?.length && s.expected) {
    return `${s.expected.length - s.missing.length} of ${s.expected.length} services created (missing: ${s.missing.join(', ')})`;
  }
  return `${s.services.filter((x) => x.state === 'running').length}/${s.services.length} running`;
}
