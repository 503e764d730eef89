// User settings, kept in <data dir>/settings.json: the one file the app, the browser mode and the
// command line read. Environment variables override single settings without touching the file
// (for CI jobs and tests): BRANCHYARD_CAPTURE_DIR, BRANCHYARD_TEMPLATES, DOCKER_HOST and
// BRANCHYARD_POOL. The file keeps only what was set; everything else is a default. It is checked
// on every read (shared/settings/checkSettings.ts), so a hand-edited mistake is an error naming
// the file and the field, never a setting silently ignored, and it is written 0600 and atomically
// (a webhook's URL carries its token).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SettingKey, SettingSource, Settings, SettingsChange, SettingsDescription } from '../../../shared/api/settings.ts';
import { SETTING_KEYS } from '../../../shared/api/settings.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { DEFAULT_POOL } from '../../../shared/net/pool.ts';
import { checkSettingsChange } from '../../../shared/settings/checkSettings.ts';
import { writeFileAtomicSync } from '../files/atomicFile.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolderSync } from '../files/makeFolder.ts';
import { dataDir, templatesDir } from '../paths.ts';

export interface SetOptions {
  /**
   * Settings this caller may not change, each with how to change it instead: a change to one of
   * them (to another value than it has) is refused, and nothing is written.
   */
  locked?: Partial<Record<SettingKey, string>>;
}

export interface SettingsStore {
  get(): Settings;
  set(change: SettingsChange, o?: SetOptions): Settings;
  /** The values, and where each comes from. */
  describe(): Omit<SettingsDescription, 'locked'>;
}

/** The engine the docker CLI uses when DOCKER_HOST is not set. */
export function defaultDockerEndpoint(): string {
  return process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

export function defaultSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    captureDir: join(dataDir(env), 'captures'),
    templatesDir: templatesDir(env),
    dockerEndpoint: defaultDockerEndpoint(),
    subnetPool: DEFAULT_POOL,
    captureRetention: { maxAgeDays: null, maxGiB: null },
    language: 'system',
    theme: 'system',
    notifications: { ready: true, failed: true, tornDown: true },
    webhook: null,
  };
}

/** The environment variable that overrides each setting it can. */
export const SETTING_ENV: Partial<Record<SettingKey, string>> = {
  captureDir: 'BRANCHYARD_CAPTURE_DIR',
  templatesDir: 'BRANCHYARD_TEMPLATES',
  dockerEndpoint: 'DOCKER_HOST',
  subnetPool: 'BRANCHYARD_POOL',
};

export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'settings.json');
}

/** What the file holds: a change applied to the defaults (null values are not kept). */
type FileSettings = SettingsChange;

/** The change applied to what the file holds: null removes, notifications merge. */
function applied(file: FileSettings, change: SettingsChange): FileSettings {
  const next: FileSettings = { ...file };
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(change, key)) continue;
    const value = change[key];
    if (value === null) delete next[key];
    else if (key === 'notifications') next.notifications = { ...file.notifications, ...change.notifications };
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The change without what it would not change: a form sent back whole changes only what was edited. */
function withoutUnchanged(change: SettingsChange, now: Settings, defaults: Settings): SettingsChange {
  const out: SettingsChange = {};
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(change, key)) continue;
    const value = change[key];
    let effective: unknown = value;
    if (value === null && (key === 'dockerEndpoint' || key === 'subnetPool')) effective = defaults[key];
    if (key === 'notifications') effective = { ...now.notifications, ...change.notifications };
    if (key === 'captureRetention') effective = { maxAgeDays: null, maxGiB: null, ...change.captureRetention };
    if (!same(effective, now[key])) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export function fileSettingsStore(env: NodeJS.ProcessEnv = process.env): SettingsStore {
  const path = settingsFile(env);
  const read = (): FileSettings => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new BranchyardError('engine', `cannot read the settings file ${path}: ${fsReason(e)}`, { file: path });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw BranchyardError.invalid([{ file: path, message: `is not JSON: ${(e as Error).message}` }]);
    }
    return checkSettingsChange(json, { file: path });
  };
  const overrides = (): Partial<Settings> => ({
    ...(env.BRANCHYARD_CAPTURE_DIR ? { captureDir: env.BRANCHYARD_CAPTURE_DIR } : {}),
    ...(env.BRANCHYARD_TEMPLATES ? { templatesDir: resolve(env.BRANCHYARD_TEMPLATES) } : {}),
    ...(env.DOCKER_HOST ? { dockerEndpoint: env.DOCKER_HOST } : {}),
    ...(env.BRANCHYARD_POOL ? { subnetPool: env.BRANCHYARD_POOL } : {}),
  });
  const effective = (file: FileSettings): Settings => {
    const d = defaultSettings(env);
    return {
      ...d,
      ...(file as Partial<Settings>),
      captureRetention: { ...d.captureRetention, ...file.captureRetention },
      notifications: { ...d.notifications, ...file.notifications },
      ...overrides(),
    };
  };
  return {
    get: () => effective(read()),
    set(raw, o = {}) {
      const change = checkSettingsChange(raw);
      const file = read();
      const real = withoutUnchanged(change, effective(file), defaultSettings(env));
      const refused = Object.keys(real).filter((k) => o.locked?.[k as SettingKey]) as SettingKey[];
      if (refused.length) throw BranchyardError.invalid(refused.map((k) => ({ field: `settings.${k}`, message: o.locked![k]! })));
      const overridden = Object.keys(real).filter((k) => SETTING_ENV[k as SettingKey] && env[SETTING_ENV[k as SettingKey]!]) as SettingKey[];
      if (overridden.length) {
        // Saved all the same, but it would look as if nothing happened: say why.
        throw BranchyardError.invalid(
          overridden.map((k) => ({ field: `settings.${k}`, message: `${SETTING_ENV[k]} is set in the engine's environment and overrides this setting: unset it first` })),
        );
      }
      if (Object.keys(real).length === 0) return effective(file);
      const next = applied(file, real);
      try {
        makeFolderSync(dirname(path));
        writeFileAtomicSync(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      } catch (e) {
        throw new BranchyardError('engine', `cannot save the settings to ${path}: ${fsReason(e)}`, { file: path });
      }
      return effective(next);
    },
    describe() {
      const file = read();
      const sources = {} as Record<SettingKey, SettingSource>;
      const envNames: Partial<Record<SettingKey, string>> = {};
      for (const key of SETTING_KEYS) {
        const name = SETTING_ENV[key];
        if (name && env[name]) {
          sources[key] = 'env';
          envNames[key] = name;
        } else sources[key] = Object.hasOwn(file, key) ? 'file' : 'default';
      }
      return { settings: effective(file), file: path, sources, env: envNames };
    },
  };
}
