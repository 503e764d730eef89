// Contract handlers of the control requests (start, stop, restart, recreate) and of the stack
// detail (serviceDetails). Every change runs under the stack's lock (stackLock.ts), as `up`,
// `redeploy` and `down` do, reports its progress per service, and stops at the call's signal.

import type { ControlParams, ControlResult } from '../../../shared/api/control.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { CallContext, RequestHandlers } from '../api/host.ts';
import { checkStackName } from '../capture/captureId.ts';
import type { Engine } from '../docker/connect.ts';
import { type ControlOptions, recreateServices, restartServices, startServices, stopServices } from './controlStack.ts';
import { serviceDetails } from './details/serviceDetails.ts';
import { inspectStack } from './inspectStacks.ts';
import { type StackOperation, withStackLock } from './stackLock.ts';
import { DEFAULT_TIMEOUT_S } from './up.ts';

function serviceNames(value: unknown, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s === '') || (required && value.length === 0)) {
    throw BranchyardError.invalid([{ field: 'services', message: required ? 'name at least one service' : 'must be a list of service names' }]);
  }
  return value as string[];
}

type Run = (engine: Engine, o: ControlOptions) => Promise<ControlResult['services']>;

async function control(ctx: EngineContext, operation: StackOperation, p: ControlParams, c: CallContext, run: Run, servicesRequired = false): Promise<ControlResult> {
  const stack = checkStackName(p?.stack);
  const services = serviceNames(p.services, servicesRequired);
  const engine = await ctx.engine();
  const timeoutS = p.timeoutS ?? DEFAULT_TIMEOUT_S;
  const deadline = Date.now() + timeoutS * 1000;
  return withStackLock(stack, operation, { progress: c.progress, signal: c.signal, deadline }, async () => {
    const rows = await run(engine, {
      stack,
      services,
      wait: Boolean(p.wait),
      // The wait for the lock counted against the timeout: what is left bounds the rest.
      timeoutS: Math.max(0.001, (deadline - Date.now()) / 1000),
      progress: c.progress,
      signal: c.signal,
    });
    const status = await inspectStack(engine.docker, stack);
    return { stack, services: rows, ...(status ? { status } : {}) };
  });
}

export function controlRequests(ctx: EngineContext): Pick<RequestHandlers, 'start' | 'stop' | 'restart' | 'recreate' | 'serviceDetails'> {
  return {
    start: (p, c) => control(ctx, 'start', p, c, (e, o) => startServices(e.docker, o)),
    stop: (p, c) => control(ctx, 'stop', p, c, (e, o) => stopServices(e.docker, o)),
    restart: (p, c) => control(ctx, 'restart', p, c, (e, o) => restartServices(e.docker, o)),
    recreate: (p, c) => control(ctx, 'recreate', p, c, (e, o) => recreateServices(e, { ...o, services: o.services! }), true),
    async serviceDetails(p, c) {
      const stack = checkStackName(p?.stack);
      return serviceDetails((await ctx.engine()).docker, stack, c.signal);
    },
  };
}
