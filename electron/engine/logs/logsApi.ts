// Contract handlers for logs: the `logs` stream, searchLogs and exportLogs.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers, StreamHandlers } from '../api/host.ts';

export function logsHandlers(_ctx: EngineContext): {
  requests: Pick<RequestHandlers, 'searchLogs' | 'exportLogs'>;
  streams: Pick<StreamHandlers, 'logs'>;
} {
  const todo = async (): Promise<never> => {
    throw new BranchyardError('engine', 'logs: not implemented yet');
  };
  return { requests: { searchLogs: todo, exportLogs: todo }, streams: { logs: todo } };
}
