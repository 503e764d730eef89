// The container a terminal opens in: found by the stack and service labels, as everything else is,
// so a terminal works for any stack the engine holds, without its file.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { LABEL, stackFilter } from '../docker/labels.ts';

export interface ServiceContainer {
  id: string;
  state: string;
}

export async function findServiceContainer(docker: Docker, stack: string, service: string): Promise<ServiceContainer> {
  const containers = await docker.listContainers({ all: true, filters: stackFilter(stack) });
  if (containers.length === 0) throw new BranchyardError('not-found', `no stack named '${stack}' (see branchyard ls)`, { service });
  const mine = containers.filter((c) => c.Labels?.[LABEL.service] === service);
  if (mine.length === 0) {
    const names = [...new Set(containers.map((c) => c.Labels?.[LABEL.service]).filter(Boolean))].sort();
    throw new BranchyardError('not-found', `stack '${stack}' has no service '${service}' (its services: ${names.join(', ') || 'none'})`, { service });
  }
  const running = mine.find((c) => c.State === 'running');
  if (!running) {
    // The engine would answer 409 "is not running"; say which service and what state it is in.
    const c = mine[0];
    throw notRunning(stack, service, c.State, c.Status);
  }
  return { id: running.Id, state: running.State };
}

export function notRunning(stack: string, service: string, state: string, status?: string): BranchyardError {
  const how = status && status.toLowerCase() !== state ? ` (${status})` : '';
  return new BranchyardError(
    'engine',
    `service '${service}' of stack '${stack}' is ${state}${how}, not running: a terminal needs a running container (start it with branchyard up)`,
    { service, state },
  );
}
