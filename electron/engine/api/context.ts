// What every handler of the contract shares within one process: the engine connection (made on
// first use and kept), the settings, and who tells the webhook.

import { type Engine, connectEngine } from '../docker/connect.ts';
import { type Announcer, createAnnouncer } from '../notify/announce.ts';
import { type SettingsStore, fileSettingsStore } from '../settings/settingsStore.ts';

export interface EngineContext {
  /** The connected engine; the first call connects (a clear error when none answers). */
  engine(): Promise<Engine>;
  settings: SettingsStore;
  /** Tells the settings' webhook what this process did to a stack (none: nothing is told). */
  announcer?: Announcer;
}

export function createEngineContext(settings: SettingsStore = fileSettingsStore()): EngineContext {
  let pending: Promise<Engine> | undefined;
  return {
    engine() {
      // A failed connection is not cached: the next call tries again (the engine may start later).
      // The endpoint is settings.json's when the engine is first reached (DOCKER_HOST wins); a
      // change there takes effect when the process starts again. Without either, dockerode finds
      // the default socket itself (it also knows Docker Desktop's ~/.docker/run/docker.sock).
      pending ??= Promise.resolve()
        .then(() => {
          const d = settings.describe();
          return connectEngine(d.sources.dockerEndpoint === 'file' ? d.settings.dockerEndpoint : undefined);
        })
        .catch((e) => {
          pending = undefined;
          throw e;
        });
      return pending;
    },
    settings,
    announcer: createAnnouncer(settings),
  };
}
