// `start`: brings a stopped stack (or some of its services) back as `up` would, from the
// engine's labels alone: same containers, same IPs, in dependency order, each waiting for what it
// depends on (healthy, running, completed). One read of the engine, a pure plan
// (plan/planStart.ts), and `up`'s own executor to run it.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { formatCidr } from '../../../shared/net/ipv4.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';
import { type Progress, silent } from '../progress.ts';
import { type ExecutedService, SubnetTaken, executeUp } from './execute/executeUp.ts';
import { observeNetworks } from './plan/observeStack.ts';
import { type ObservedContainers, planStart } from './plan/planStart.ts';
import { DEFAULT_TIMEOUT_S } from './up.ts';

export interface StartOptions {
  stack: string;
  services?: string[];
  /** Also wait until every started service is healthy (or running, without a healthcheck). */
  wait?: boolean;
  timeoutS?: number;
  progress?: Progress;
  signal?: AbortSignal;
}

async function observe(docker: Docker, stack: string, signal?: AbortSignal): Promise<ObservedContainers> {
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters: stackFilter(stack), abortSignal: signal }),
    docker.listNetworks({ abortSignal: signal }),
  ]);
  const byService = new Map<string, Docker.ContainerInfo>();
  for (const c of [...containers].sort((a, b) => a.Created - b.Created)) byService.set(c.Labels[LABEL.service] ?? c.Id, c);
  return { containers: byService, ...observeNetworks(stack, networks) };
}

export async function startStack(docker: Docker, o: StartOptions): Promise<ExecutedService[]> {
  const progress = o.progress ?? silent;
  const x = planStart(await observe(docker, o.stack, o.signal), { stack: o.stack, services: o.services });
  for (const n of x.plan.networks) if (n.action === 'create') progress({ message: `network ${n.name} is gone: making it again on ${n.subnet}` });
  try {
    return await executeUp(docker, undefined, x, {
      stack: o.stack,
      branch: x.plan.branch,
      dir: '',
      wait: o.wait,
      deadline: Date.now() + (o.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
      progress,
      signal: o.signal,
      removeOrphans: async () => {},
    });
  } catch (e) {
    if (e instanceof SubnetTaken) {
      throw new BranchyardError('engine', `cannot make network ${e.network.name} again on ${formatCidr(e.network.subnet)}: ${e.message}`);
    }
    throw e;
  }
}
