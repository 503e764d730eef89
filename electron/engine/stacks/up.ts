// `up`: converge the engine on a stack template, in three steps: observe what the engine has
// (plan/observeStack.ts, read once), plan the operations (plan/planUp.ts, a pure function) and
// execute them (execute/executeUp.ts, no decisions). `planStack` stops after the plan: that is
// `up --dry-run` and the app's preview. Idempotent: an unchanged running service is kept, a
// changed one recreated on the same IP, a missing one created.

import type { PlannedOrphan, UpPlan } from '../../../shared/api/plan.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { formatCidr, parseCidr } from '../../../shared/net/ipv4.ts';
import type { StackTemplate } from '../../../shared/stack/model.ts';
import { type Engine, apiAtLeast } from '../docker/connect.ts';
import { isLocalEngine } from '../networks/hostNetworks.ts';
import { type Progress, silent } from '../progress.ts';
import { type ExecutedService, SubnetTaken, executeUp } from './execute/executeUp.ts';
import { type ObservedStack, observeStack } from './plan/observeStack.ts';
import type { StackListing } from './inspectStacks.ts';
import { type ExecutablePlan, planUp } from './plan/planUp.ts';

export interface UpOptions {
  stack: string;
  branch?: string;
  /** Absolute path of the stack file. */
  file: string;
  /** Folder relative bind mounts are resolved against. */
  dir: string;
  /** Pool stacks without a subnet of their own get a /24 from. */
  pool?: string;
  /** Also wait until every service is healthy (or running, without a healthcheck). */
  wait?: boolean;
  /** Deadline for every wait, in seconds. */
  timeoutS?: number;
  /**
   * Converge (and build) only these services; the others are left exactly as they are, though
   * their conditions are still waited on. Redeploy uses this so databases are never touched.
   */
  only?: string[];
  /** Recreate these services (and converge only them), changed or not: the `recreate` request. */
  recreate?: string[];
  /** Build nothing; run the images there are (recreate). */
  noBuild?: boolean;
  /** Leave the containers of services no longer in the file (default: capture, then remove). */
  keepOrphans?: boolean;
  /** Captures and removes services no longer in the file; without it they are kept. */
  removeOrphans?: (orphans: PlannedOrphan[]) => Promise<void>;
  /** The stack as the caller has just read it under the stack's lock: the first plan starts from it. */
  listed?: StackListing;
  progress?: Progress;
  signal?: AbortSignal;
}

export type ServiceAction = ExecutedService['action'];

export interface UpResult {
  stack: string;
  /** The subnet of the stack's first network ('' when it is on external networks only). */
  subnet: string;
  services: ExecutedService[];
  plan: UpPlan;
}

export const DEFAULT_TIMEOUT_S = 300;

/** Another `up` may take the planned subnet between observe and execute: plan again, a few times. */
const SUBNET_RACE_TRIES = 8;

async function observeAndPlan(engine: Engine, template: StackTemplate, o: UpOptions, refused: string[] = []): Promise<{ seen: ObservedStack; x: ExecutablePlan }> {
  // One read of the engine, then no more decisions: the executor does what this plan says.
  const seen = await observeStack(engine.docker, template, {
    stack: o.stack,
    branch: o.branch,
    dir: o.dir,
    only: o.recreate ?? o.only,
    noBuild: o.noBuild,
    localEngine: isLocalEngine(engine.endpoint),
    listed: o.listed,
    signal: o.signal,
  });
  for (const text of refused) {
    const c = parseCidr(text);
    if ('network' in c) seen.usedSubnets.push(c);
  }
  const x = planUp(template, seen, {
    stack: o.stack,
    branch: o.branch,
    file: o.file,
    dir: o.dir,
    pool: o.pool,
    only: o.only,
    recreate: o.recreate,
    noBuild: o.noBuild,
    keepOrphans: o.keepOrphans,
    startIntervalSupported: apiAtLeast(engine, '1.44'),
    apiVersion: engine.apiVersion,
  });
  return { seen, x };
}

/** What `up` would do, touching nothing. */
export async function planStack(engine: Engine, template: StackTemplate, o: UpOptions): Promise<UpPlan> {
  return (await observeAndPlan(engine, template, o)).x.plan;
}

export async function up(engine: Engine, template: StackTemplate, o: UpOptions): Promise<UpResult> {
  const progress = o.progress ?? silent;
  const deadline = Date.now() + (o.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000;
  // Subnets the engine refused for this stack: another network (perhaps one another process is
  // still making, which a listing may not show yet) holds them, so the next plan skips them.
  const refused: string[] = [];
  for (let attempt = 1; ; attempt++) {
    // Without a way to capture them, services no longer in the file are never removed.
    // A plan again after a refused subnet reads the engine again.
    const listed = attempt === 1 ? o.listed : undefined;
    const { x } = await observeAndPlan(engine, template, { ...o, listed, keepOrphans: o.keepOrphans || !o.removeOrphans }, refused);
    try {
      const services = await executeUp(engine.docker, template, x, {
        stack: o.stack,
        branch: o.branch,
        dir: o.dir,
        wait: o.wait,
        deadline,
        progress,
        signal: o.signal,
        removeOrphans: o.removeOrphans ?? (async () => {}),
      });
      return { stack: o.stack, subnet: x.plan.networks[0]?.subnet ?? '', services, plan: x.plan };
    } catch (e) {
      if (!(e instanceof SubnetTaken)) throw e;
      const subnet = formatCidr(e.network.subnet);
      if (!e.network.fromPool || attempt >= SUBNET_RACE_TRIES) {
        const field = e.network.network === 'default' ? 'x-branchyard.subnet' : `networks.${e.network.network}`;
        throw new BranchyardError('engine', `cannot create network ${e.network.name} on ${subnet}: ${e.message}`, { field });
      }
      refused.push(subnet);
      progress({ message: `subnet ${subnet} was taken meanwhile: planning again` });
    }
  }
}
