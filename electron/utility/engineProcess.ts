// Entry of the app's engine process: an Electron utility process (a Node process Electron starts
// and supervises) that the main process forks and starts again if it dies
// (electron/main/engineProcess.ts). It runs the whole engine and serves each page's MessagePort,
// which the main process passes on over the parent port (engine/api/parentPortHost.ts). It is
// bundled to CommonJS next to main.cjs (engine.cjs) and, like the engine, never imports
// electron: all it needs of Electron is `process.parentPort`, typed here.

import { join } from 'node:path';
import { createEngineContext } from '../engine/api/context.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { type ParentPortLike, parentPortShell, serveParentPort } from '../engine/api/parentPortHost.ts';
import { log, logToFile } from '../engine/log/logger.ts';
import { dataDir } from '../engine/paths.ts';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  process.stderr.write('error: this is the engine process of the Branchyard app; the app starts it (npm start)\n');
  process.exit(2);
}

// The app's engine logs to a rotating file in the data folder: nobody reads its stderr.
logToFile({ folder: join(dataDir(), 'logs') });
// Whatever escapes every handler ends in the log, not in silence; the process then ends and the
// main process starts a new one (its pages reconnect).
process.on('uncaughtException', (e) => {
  log.error('the engine process failed', e);
  process.exit(1);
});
// Notifications, Save dialogs and menu events cross to the main process, which owns Electron's
// Notification, dialog and the menu.
const shell = parentPortShell(parentPort);
serveParentPort(createHandlers(createEngineContext(), { fileAccess: 'own', shell }), parentPort, { shellEvent: shell.deliver, saveDialogResult: shell.saveDialogDone });
