// A client of the engine in this very process: what the command line, tests and bench use.

import type { BranchyardClient } from '../../../shared/api/client.ts';
import { type EngineContext, createEngineContext } from './context.ts';
import { createHandlers } from './handlers.ts';
import { connectInProcess } from './inProcess.ts';

export function openLocalClient(ctx: EngineContext = createEngineContext()): BranchyardClient {
  return connectInProcess(createHandlers(ctx)).client;
}
