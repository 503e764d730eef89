// The `stacks` stream: live status of every stack from the engine's events.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { StreamHandlers } from '../api/host.ts';

export function stacksStream(_ctx: EngineContext): StreamHandlers['stacks'] {
  return async () => {
    throw new BranchyardError('engine', 'stacks: not implemented yet');
  };
}
