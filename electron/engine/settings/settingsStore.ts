// User settings, kept in <data dir>/settings.json. BRANCHYARD_CAPTURE_DIR overrides the capture
// folder and BRANCHYARD_TEMPLATES the templates folder (for CI jobs and tests) without touching
// the file.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Settings } from '../../../shared/api/stacks.ts';
import { dataDir, templatesDir } from '../paths.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolderSync } from '../files/makeFolder.ts';

export interface SettingsStore {
  get(): Settings;
  set(change: Partial<Settings>): Settings;
}

export function defaultSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return { captureDir: join(dataDir(env), 'captures'), templatesDir: templatesDir(env) };
}

const FOLDERS = ['captureDir', 'templatesDir'] as const;

function checked(change: Partial<Settings>): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const [key, value] of Object.entries(change ?? {})) {
    const folder = FOLDERS.find((k) => k === key);
    if (!folder) throw BranchyardError.invalid([{ field: `settings.${key}`, message: 'unknown setting' }]);
    if (typeof value !== 'string' || !isAbsolute(value)) {
      throw BranchyardError.invalid([{ field: `settings.${folder}`, message: 'must be an absolute path' }]);
    }
    out[folder] = value;
  }
  return out;
}

export function fileSettingsStore(env: NodeJS.ProcessEnv = process.env): SettingsStore {
  const path = join(dataDir(env), 'settings.json');
  const read = (): Partial<Settings> => {
    try {
      return checked(JSON.parse(readFileSync(path, 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new BranchyardError('invalid-input', `settings file ${path} is not valid: ${(e as Error).message}`, { file: path });
    }
  };
  const withEnv = (s: Settings): Settings => ({
    ...s,
    ...(env.BRANCHYARD_CAPTURE_DIR ? { captureDir: env.BRANCHYARD_CAPTURE_DIR } : {}),
    ...(env.BRANCHYARD_TEMPLATES ? { templatesDir: resolve(env.BRANCHYARD_TEMPLATES) } : {}),
  });
  return {
    get: () => withEnv({ ...defaultSettings(env), ...read() }),
    set(change) {
      const next = { ...read(), ...checked(change) };
      try {
        makeFolderSync(dirname(path));
        writeFileSync(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
        renameSync(`${path}.tmp`, path);
      } catch (e) {
        throw new BranchyardError('engine', `cannot save the settings to ${path}: ${fsReason(e)}`, { file: path });
      }
      return withEnv({ ...defaultSettings(env), ...next });
    },
  };
}
