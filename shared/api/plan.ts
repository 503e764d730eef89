// What `up` (and `redeploy`) will do, before it does it: the plan the engine computes from the stack
// file and what the Docker engine has. `up --dry-run` prints it, the app shows it for the user to
// confirm, and the executor runs exactly these operations. Every operation says why.

/** A service's container: what happens to it. */
export type ServiceAction = 'create' | 'recreate' | 'start' | 'keep';

export interface PlannedService {
  service: string;
  action: ServiceAction;
  /** Why, in words: "environment DB_HOST changed", "no container yet", "running, unchanged". */
  reasons: string[];
  /** The fixed address the container gets (or has) on its first network; '' for none of its own. */
  ip: string;
  /**
   * With more than one network: the address on each, first network first ('' where an external
   * network's engine chooses it).
   */
  addresses?: Array<{ network: string; ip: string }>;
  /** The container there now, if any. */
  containerId?: string;
  /**
   * A Dockerfile build runs before it and the engine's layer cache decides whether the image
   * changes: the container is recreated only if the built image differs from the one it runs.
   */
  ifImageChanges?: boolean;
}

export interface PlannedBuild {
  service: string;
  image: string;
  via: 's2i' | 'dockerfile';
  action: 'build' | 'reuse';
  reasons: string[];
  /** s2i: the commit that will be built (or the reused image was built from). */
  commit?: string;
}

export interface PlannedPull {
  image: string;
  /** The services that run it. */
  services: string[];
  /** `pull_policy: always`: pulled although the engine has it. */
  always?: true;
  /** `platform:` of the services that run it. */
  platform?: string;
}

/** A container of the stack whose service is no longer in the file. */
export interface PlannedOrphan {
  service: string;
  containerId: string;
  /** remove: its logs and inspect document are captured first, exactly as `down` does. */
  action: 'remove' | 'keep';
  reasons: string[];
}

export interface PlannedNetwork {
  /** The network's name in the file (`default`, `backend`). */
  network: string;
  /** The engine's name: `<stack>_<network>`, or an external network's own. */
  name: string;
  /** Absent for an external network the engine gives no IPv4 subnet. */
  subnet?: string;
  /**
   * create, keep: the stack's own; external: an existing network joined as it is; remove: the
   * stack's, no longer in the file (removed once no container of the stack is on it).
   */
  action: 'create' | 'keep' | 'external' | 'remove';
  internal?: true;
}

export interface PlannedVolume {
  /** The volume's name in the file. */
  volume: string;
  /** The engine's name. */
  name: string;
  action: 'create' | 'keep' | 'external';
}

export interface UpPlan {
  stack: string;
  template: string;
  branch?: string;
  /** The stack's first network first (the one x-branchyard.subnet and x-ip are about). */
  networks: PlannedNetwork[];
  volumes: PlannedVolume[];
  builds: PlannedBuild[];
  pulls: PlannedPull[];
  /** In dependency order (a service after the services it depends on). */
  services: PlannedService[];
  orphans: PlannedOrphan[];
  /** Services left exactly as they are because the request named others (redeploy). */
  untouched: string[];
}

/** True when executing the plan would change nothing. */
export function planIsEmpty(p: UpPlan): boolean {
  return (
    p.networks.every((n) => n.action === 'keep' || n.action === 'external') &&
    p.volumes.every((v) => v.action !== 'create') &&
    p.builds.every((b) => b.action === 'reuse') &&
    p.pulls.length === 0 &&
    p.services.every((s) => s.action === 'keep') &&
    p.orphans.every((o) => o.action === 'keep')
  );
}

export interface PlanRow {
  kind: 'network' | 'volume' | 'build' | 'pull' | 'orphan' | 'service' | 'untouched';
  /** create, recreate, keep, build, reuse, pull, remove, untouched... */
  op: string;
  what: string;
  why: string[];
}

/** Every operation of the plan with its reasons, in the order the engine runs them. */
export function planRows(p: UpPlan): PlanRow[] {
  const rows: PlanRow[] = p.networks.map((n) => ({
    kind: 'network',
    op: n.action === 'external' ? 'join' : n.action,
    what: `network ${n.name}${n.subnet ? ` ${n.subnet}` : ''}`,
    why: [
      ...(n.action === 'external' ? [`external network ${n.network} of the file`] : []),
      ...(n.internal ? ['internal: no way out of it'] : []),
      ...(n.action === 'remove' ? ['not in the file any more'] : []),
    ],
  }));
  for (const v of p.volumes) if (v.action === 'create') rows.push({ kind: 'volume', op: 'create', what: `volume ${v.name}`, why: [] });
  for (const b of p.builds) rows.push({ kind: 'build', op: b.action, what: `image ${b.image} for ${b.service} (${b.via})`, why: b.reasons });
  for (const pull of p.pulls) rows.push({ kind: 'pull', op: 'pull', what: `image ${pull.image}`, why: [`${pull.always ? 'pull_policy always' : 'not on this engine'}; used by ${pull.services.join(', ')}`] });
  for (const o of p.orphans) rows.push({ kind: 'orphan', op: o.action, what: `service ${o.service}`, why: o.reasons });
  for (const s of p.services) rows.push({ kind: 'service', op: s.action, what: `service ${s.service}${whereOf(s)}`, why: s.reasons });
  for (const u of p.untouched) rows.push({ kind: 'untouched', op: 'untouched', what: `service ${u}`, why: ['not part of this request'] });
  return rows;
}

/** " on 10.210.3.20", or on each network: " on 10.210.3.20 (default), 10.210.7.20 (backend)". */
function whereOf(s: PlannedService): string {
  if (!s.addresses) return s.ip ? ` on ${s.ip}` : '';
  return ` on ${s.addresses.map((a) => `${a.ip || 'an address the engine picks'} (${a.network})`).join(', ')}`;
}

/** One line per operation, for the command line and logs: `recreate  app  environment X changed`. */
export function describePlan(p: UpPlan): string[] {
  return planRows(p).map((r) => `${r.op.padEnd(9)} ${r.what}${r.why.length ? `  (${r.why.join('; ')})` : ''}`);
}
