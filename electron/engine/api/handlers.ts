// Every handler of the contract, gathered from the capability folders. The `Handlers` type makes
// the compiler refuse a request or stream of the contract that no capability serves.

import type { EngineContext } from './context.ts';
import type { Handlers } from './host.ts';
import { capturesHandlers } from '../capture/capturesApi.ts';
import { logsHandlers } from '../logs/logsApi.ts';
import { stackRequests } from '../stacks/stackRequests.ts';
import { stacksStream } from '../status/stacksStream.ts';
import { terminalHandlers } from '../terminal/terminalApi.ts';

export function createHandlers(ctx: EngineContext): Handlers {
  const logs = logsHandlers(ctx);
  const terminal = terminalHandlers(ctx);
  const captures = capturesHandlers(ctx);
  return {
    requests: {
      ...stackRequests(ctx),
      ...logs.requests,
      ...terminal.requests,
      ...captures.requests,
      getSettings: async () => ctx.settings.get(),
      setSettings: async (change) => ctx.settings.set(change),
    },
    streams: {
      stacks: stacksStream(ctx),
      logs: logs.streams.logs,
      terminal: terminal.streams.terminal,
    },
  };
}
