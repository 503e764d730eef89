// Every handler of the contract, gathered from the capability folders. The `Handlers` type makes
// the compiler refuse a request or stream of the contract that no capability serves.

import type { EngineContext } from './context.ts';
import type { CallContext, Handlers, RequestHandlers } from './host.ts';
import { capturesHandlers } from '../capture/capturesApi.ts';
import { engineTimeoutS, runEngineOperation } from '../docker/engineOperation.ts';
import { logsHandlers } from '../logs/logsApi.ts';
import { controlRequests } from '../stacks/controlRequests.ts';
import { stackRequests } from '../stacks/stackRequests.ts';
import { type DesktopShell, shellHandlers } from '../shell/shellApi.ts';
import type { FileAccess } from '../stackfile/stackFileSource.ts';
import { statsStream } from '../stats/statsStream.ts';
import { stacksStream } from '../status/stacksStream.ts';
import { terminalHandlers } from '../terminal/terminalApi.ts';
import { templatesHandlers } from '../templates/templatesApi.ts';
import { settingsHandlers } from '../settings/settingsApi.ts';

export interface HandlerOptions {
  /**
   * What the front end may name on the engine's machine: any path (the command line, which the
   * user runs as themselves), or only the engine's own folders (`own`: the app and the browser
   * mode, whose page must not make the engine read or write where it pleases).
   */
  fileAccess?: FileAccess;
  /** The desktop app's shell (notifications, menu events); absent in the browser mode and the command line. */
  shell?: DesktopShell;
  /** Browser mode: the local server's URL of a capture's archive (server/downloads.ts). */
  captureDownloadUrl?: (id: string) => string;
}

export function createHandlers(ctx: EngineContext, o: HandlerOptions = {}): Handlers {
  const access = o.fileAccess ?? 'any';
  const logs = logsHandlers(ctx, access, o.shell);
  const terminal = terminalHandlers(ctx);
  const captures = capturesHandlers(ctx, { downloadUrl: o.captureDownloadUrl, shell: o.shell });
  const shell = shellHandlers(o.shell);
  const templates = templatesHandlers(ctx, access);
  return {
    requests: asEngineOperations({
      ...stackRequests(ctx, access),
      ...controlRequests(ctx),
      ...logs.requests,
      ...terminal.requests,
      ...captures.requests,
      ...templates.requests,
      ...settingsHandlers(ctx, access),
      ...shell.requests,
    }),
    streams: {
      stacks: stacksStream(ctx),
      logs: logs.streams.logs,
      terminal: terminal.streams.terminal,
      logDownload: logs.streams.logDownload,
      stats: statsStream(ctx),
      shellEvents: shell.streams.shellEvents,
    },
  };
}

/**
 * Runs every request as one engine operation (docker/engineOperation.ts): its engine requests
 * are cancelled with the call, a silent engine is reported as progress, and the call fails when
 * the engine has been silent for the request's own `timeoutS` (up, redeploy), else
 * BRANCHYARD_ENGINE_TIMEOUT or 60 s. Done here, once, so no handler has to think of it.
 */
function asEngineOperations(requests: RequestHandlers): RequestHandlers {
  const wrap =
    (handler: AnyRequest): AnyRequest =>
    async (params, c) => {
      const silenceLimitMs = timeoutOf(params) * 1000;
      return runEngineOperation({ signal: c.signal, progress: c.progress, silenceLimitMs }, () => handler(params, c));
    };
  return Object.fromEntries(Object.entries(requests).map(([name, handler]) => [name, wrap(handler as AnyRequest)])) as RequestHandlers;
}

type AnyRequest = (params: unknown, c: CallContext) => Promise<unknown>;

function timeoutOf(params: unknown): number {
  const t = (params as { timeoutS?: unknown } | null)?.timeoutS;
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : engineTimeoutS();
}
