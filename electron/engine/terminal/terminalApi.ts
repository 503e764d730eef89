// Contract handlers for terminals: the `terminal` stream, terminalInput and terminalResize.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';

export function terminalHandlers(_ctx: EngineContext): {
  requests: Pick<RequestHandlers, 'terminalInput' | 'terminalResize'>;
  streams: Pick<StreamHandlers, 'terminal'>;
} {
  const todo = async (): Promise<never> => {
    throw new BranchyardError('engine', 'terminal: not implemented yet');
  };
  return { requests: { terminalInput: todo, terminalResize: todo }, streams: { terminal: todo } };
}
