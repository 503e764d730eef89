import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Command } from '../command.ts';
import { EXIT, printResult } from '../output.ts';
import { join } from 'node:path';
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

export const serve: Command = {
  name: 'serve',
  usage: 'serve [--port N]',
  summary: 'serve the UI to a browser on this machine',
  help: [
    'Builds the UI if its sources changed, then serves it and the engine on 127.0.0.1 only.',
    'Prints the address to open, with a random token that every request must carry; other',
    'machines and other sites cannot reach the engine. Runs until Ctrl-C.',
    '--port N listens on N (default: a free port).',
  ],
  options: { port: { type: 'string' } },
  positionals: [0, 0],
  runsUntilStopped: true,
  async run(v, _positionals, signal) {
    const port = portOption(v.port);
    // Loaded here: only this command needs the server, ws and the UI build.
    const [{ createEngineContext }, { createHandlers }, { startServer }, { buildRenderer, defaultRendererDir }, { describeSwept, sweepAbandonedCaptures }] =
      await Promise.all([
        import('../../engine/api/context.ts'),
        import('../../engine/api/handlers.ts'),
        import('../../engine/server/startServer.ts'),
        import('../../../renderer/build.ts'),
        import('../../engine/capture/workFiles.ts'),
      ]);
    const staticDir = defaultRendererDir();
    await buildRenderer(staticDir);
    // Nobody reads a server's stderr for long: what the engine logs goes to a rotating file.
    const logFile = logToFile({ folder: join(dataDir(), 'logs') });
    const ctx = createEngineContext();
    // Captures a killed process left half-written are swept now, before any teardown can start.
    for (const f of await sweepAbandonedCaptures(ctx.settings.get().captureDir)) process.stderr.write(`${describeSwept(f)}\n`);
    let server;
    try {
      server = await startServer({ port, handlers: createHandlers(ctx, { fileAccess: 'own' }), staticDir });
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
    printResult(`open ${server.url}`);
    process.stderr.write(`serving the UI and the engine on 127.0.0.1 (engine log: ${logFile}); Ctrl-C stops\n`);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT.ok;
  },
};
