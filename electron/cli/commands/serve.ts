import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Command } from '../command.ts';
import { EXIT, printResult } from '../output.ts';
import { join } from 'node:path';
import type { EngineContext } from '../../engine/api/context.ts';
import { logToFile } from '../../engine/log/logger.ts';
import { dataDir } from '../../engine/paths.ts';

/** `--port N`: 1..65535, or 0 / absent for a free port. */
function portOption(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n > 65535) {
    throw BranchyardError.invalid([{ field: '--port', message: `'${String(value)}' is not a port number (0-65535)` }]);
  }
  return n;
}

const ENGINE_RETRY_MS = 2000;

/**
 * Says at start whether the Docker engine answers, and once more when it does: the server runs
 * either way (the page shows the engine as not answering and recovers by itself).
 */
async function reportEngine(ctx: EngineContext, signal: AbortSignal): Promise<void> {
  const { endpointOf } = await import('../../engine/docker/connect.ts');
  let silent = false;
  while (!signal.aborted) {
    try {
      await ctx.engine();
      if (silent) process.stderr.write(`the Docker engine at ${endpointOf(ctx.settings)} answers now\n`);
      return;
    } catch (e) {
      if (!silent) {
        // connectEngine's message names the engine and why ("cannot reach the Docker engine at ...").
        process.stderr.write(`warning: ${(e as Error).message}; serving anyway: the page says the engine is not answering, and shows the stacks once it answers\n`);
      }
      silent = true;
    }
    await new Promise((r) => setTimeout(r, ENGINE_RETRY_MS).unref());
  }
}

export const serve: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--new-token]',
  summary: 'serve the UI to a browser on this machine',
  help: [
    'Builds the UI if its sources changed, then serves it and the engine on 127.0.0.1 only.',
    'Prints the address to open, with a token that every request must carry; other machines and',
    'other sites cannot reach the engine. Runs until Ctrl-C.',
    'The token and the port are kept in <data dir>/serve.json (mode 0600), so pages left open',
    'carry on when serve is started again.',
    '  --port N      listen on N (default: the port of the last run if it is free, else a free one)',
    '  --new-token   make a new token: pages opened with the old address stop working',
  ],
  options: { port: { type: 'string' }, 'new-token': { type: 'boolean' } },
  positionals: [0, 0],
  runsUntilStopped: true,
  async run(v, _positionals, signal) {
    const portGiven = v.port !== undefined;
    const port = portOption(v.port);
    // Loaded here: only this command needs the server, ws and the UI build.
    const [
      { createEngineContext },
      { createHandlers },
      { startServer },
      { buildRenderer, defaultRendererDir },
      { describeSwept, sweepAbandonedCaptures },
      { loadServeState, saveServeState, serveStateFile },
      { captureDownloadUrl, captureDownloads },
    ] = await Promise.all([
      import('../../engine/api/context.ts'),
      import('../../engine/api/handlers.ts'),
      import('../../engine/server/startServer.ts'),
      import('../../../renderer/build.ts'),
      import('../../engine/capture/workFiles.ts'),
      import('../../engine/server/serveState.ts'),
      import('../../engine/server/downloads.ts'),
    ]);
    const stateFile = serveStateFile();
    const kept = await loadServeState(stateFile, { newToken: v['new-token'] === true });
    if (kept.renewed) {
      process.stderr.write(`a new token (${kept.renewed}): pages opened with the old address must open the new one\n`);
    }
    const staticDir = defaultRendererDir();
    await buildRenderer(staticDir);
    // Nobody reads a server's stderr for long: what the engine logs goes to a rotating file.
    const logFile = logToFile({ folder: join(dataDir(), 'logs') });
    const ctx = createEngineContext();
    // Captures a killed process left half-written are swept now, before any teardown can start.
    for (const f of await sweepAbandonedCaptures(ctx.settings.get().captureDir)) process.stderr.write(`${describeSwept(f)}\n`);
    const handlers = createHandlers(ctx, { fileAccess: 'own', captureDownloadUrl });
    const downloads = captureDownloads(() => ctx.settings.get().captureDir);
    const start = (p: number) => startServer({ port: p, token: kept.token, handlers, staticDir, downloads });
    let server;
    try {
      // The last run's port first: the pages still open on it reconnect by themselves.
      const remembered = !portGiven && kept.port !== undefined;
      server = await start(portGiven ? port : (kept.port ?? 0)).catch((e: NodeJS.ErrnoException) => {
        if (!remembered || (e.code !== 'EADDRINUSE' && e.code !== 'EACCES')) throw e;
        process.stderr.write(`port ${kept.port} of the last run is in use: serving on a free port (pages open on the old address must open the new one)\n`);
        return start(0);
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw BranchyardError.invalid([{ field: '--port', message: `port ${port} is already in use on 127.0.0.1: choose another, or leave --port out for a free one` }]);
      }
      if (code === 'EACCES') {
        throw BranchyardError.invalid([{ field: '--port', message: `not allowed to listen on port ${port} (ports below 1024 need privileges)` }]);
      }
      throw e;
    }
    if (server.port !== kept.port) await saveServeState(stateFile, { token: kept.token, port: server.port });
    printResult(`open ${server.url}`);
    process.stderr.write(`serving the UI and the engine on 127.0.0.1 (engine log: ${logFile}); Ctrl-C stops\n`);
    void reportEngine(ctx, signal);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT.ok;
  },
};
