// Contract handlers for teardown and captures: down (capture first), listCaptures, showCapture.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';

export function capturesHandlers(_ctx: EngineContext): { requests: Pick<RequestHandlers, 'down' | 'listCaptures' | 'showCapture'> } {
  const todo = async (): Promise<never> => {
    throw new BranchyardError('engine', 'captures: not implemented yet');
  };
  return { requests: { down: todo, listCaptures: todo, showCapture: todo } };
}
