// Stop, restart and recreate a stack or some of its services. Stop works from labels (down's own
// stop, dependants first); restart is that stop and then start (startStack.ts), so the start
// waits for dependencies as `up` does; recreate is an `up` of those services, forced, building
// nothing, from the file the stack was brought up from: the same planner and executor, the same
// IPs.

import type Docker from 'dockerode';
import type { ControlResult } from '../../../shared/api/control.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import type { Engine } from '../docker/connect.ts';
import { silent } from '../progress.ts';
import { stopStack } from './down.ts';
import { inspectStack } from './inspectStacks.ts';
import { loadStackOf } from './loadStackOf.ts';
import { type StartOptions, startStack } from './startStack.ts';
import { up } from './up.ts';

/** The stack, the services named (default all), the waits of a start, progress and cancel. */
export type ControlOptions = StartOptions;

type Row = ControlResult['services'][number];

const running = (state: string) => state === 'running' || state === 'restarting' || state === 'paused';

/** The stack as the engine has it, and the services of it named (all when none are). */
async function selected(docker: Docker, o: ControlOptions): Promise<{ status: StackStatus; names: string[] }> {
  const status = await inspectStack(docker, o.stack);
  if (!status || status.services.length === 0) throw new BranchyardError('not-found', `no stack named '${o.stack}' with containers (see branchyard ls)`);
  const names = o.services?.length ? o.services : status.services.map((s) => s.name);
  const unknown = names.filter((n) => !status.services.some((s) => s.name === n));
  if (unknown.length) {
    throw BranchyardError.invalid(unknown.map((s) => ({ field: 'SERVICE', service: s, message: `stack '${o.stack}' has no container of service '${s}'` })));
  }
  return { status, names };
}

export async function stopServices(docker: Docker, o: ControlOptions): Promise<Row[]> {
  const { status, names } = await selected(docker, o);
  const services = status.services.filter((s) => names.includes(s.name));
  await stopStack(docker, { ...status, services }, o.progress ?? silent, o.signal);
  return services.map((s) => ({ name: s.name, action: running(s.state) ? 'stopped' : 'unchanged', ip: s.ip }));
}

export async function startServices(docker: Docker, o: ControlOptions): Promise<Row[]> {
  const started = await startStack(docker, o);
  return started.map((s) => ({ name: s.name, action: s.action === 'unchanged' ? 'unchanged' : 'started', ip: s.ip }));
}

export async function restartServices(docker: Docker, o: ControlOptions): Promise<Row[]> {
  await stopServices(docker, o);
  const started = await startStack(docker, o);
  return started.map((s) => ({ name: s.name, action: 'restarted', ip: s.ip }));
}

export async function recreateServices(engine: Engine, o: ControlOptions & { services: string[] }): Promise<Row[]> {
  const { status, loaded } = await loadStackOf(engine.docker, o.stack);
  const unknown = o.services.filter((s) => !loaded.template.services.some((x) => x.name === s));
  if (unknown.length) {
    throw BranchyardError.invalid(unknown.map((s) => ({ field: 'SERVICE', service: s, message: `no service '${s}' in ${loaded.path}` })));
  }
  const result = await up(engine, loaded.template, {
    stack: o.stack,
    branch: status.branch,
    file: loaded.path,
    dir: loaded.dir,
    recreate: o.services,
    noBuild: true,
    keepOrphans: true,
    wait: o.wait,
    timeoutS: o.timeoutS,
    progress: o.progress,
    signal: o.signal,
  });
  return result.services.filter((s) => o.services.includes(s.name)).map((s) => ({ name: s.name, action: 'recreated', ip: s.ip }));
}
