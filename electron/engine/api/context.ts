// What every handler of the contract shares within one process: the engine connection (made on
// first use and kept) and the settings.

import { type Engine, connectEngine } from '../docker/connect.ts';
import { type SettingsStore, fileSettingsStore } from '../settings/settingsStore.ts';

export interface EngineContext {
  /** The connected engine; the first call connects (a clear error when none answers). */
  engine(): Promise<Engine>;
  settings: SettingsStore;
}

export function createEngineContext(settings: SettingsStore = fileSettingsStore()): EngineContext {
  let pending: Promise<Engine> | undefined;
  return {
    engine() {
      // A failed connection is not cached: the next call tries again (the engine may start later).
      pending ??= connectEngine().catch((e) => {
        pending = undefined;
        throw e;
      });
      return pending;
    },
    settings,
  };
}
