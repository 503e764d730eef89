// Presets: `x-preset: mysql|mongo|redis` gives a service sensible defaults (image, port, data volume
// and a fast healthcheck), so a stack file can be a few lines. Whatever the file sets wins.

import type { HealthcheckSpec, PresetName, ServiceSpec, VolumeSpec } from './model.ts';

export interface PresetDefinition {
  name: PresetName;
  description: string;
  image: string;
  /** Container port, exposed as `<port>/tcp`. */
  port: number;
  /** Where the named volume `<service>-data` is mounted. */
  dataTarget: string;
  healthcheck: HealthcheckSpec;
  /** Environment added when the file does not set it (computed from the file's environment). */
  environmentDefaults: (environment: Record<string, string>) => Record<string, string>;
}

const MS = 1e6;
const S = 1e9;

/**
 * A fast healthcheck: probe every second, and while the container starts every half second, so
 * `depends_on: service_healthy` waits no longer than needed. The generous start period covers a
 * first boot that initialises the data directory (mysql's initdb alone can take 20 s).
 */
function fastHealthcheck(command: string, startPeriodS: number): HealthcheckSpec {
  return {
    test: ['CMD-SHELL', command],
    intervalNs: 1 * S,
    timeoutNs: 3 * S,
    retries: 3,
    startPeriodNs: startPeriodS * S,
    startIntervalNs: 500 * MS,
  };
}

const MYSQL_PASSWORD_VARIABLES = [
  'MYSQL_ROOT_PASSWORD',
  'MYSQL_ALLOW_EMPTY_PASSWORD',
  'MYSQL_RANDOM_ROOT_PASSWORD',
  // The image reads MYSQL_ROOT_PASSWORD from this file when it is set.
  'MYSQL_ROOT_PASSWORD_FILE',
];

export const PRESETS: Readonly<Record<PresetName, PresetDefinition>> = {
  mysql: {
    name: 'mysql',
    description: 'MySQL server (root without a password unless the file sets one)',
    image: 'mysql:8.0',
    port: 3306,
    dataTarget: '/var/lib/mysql',
    // Ping over TCP: the temporary --skip-networking server of the first-boot init does not count
    // as ready. A ping that fails to authenticate still reports the server alive, which is fine.
    healthcheck: fastHealthcheck(
      'mysqladmin ping -h 127.0.0.1 --silent 2>/dev/null || mariadb-admin ping -h 127.0.0.1 --silent',
      120,
    ),
    // The image refuses to start without one of these; an empty root password suits test stacks.
    environmentDefaults: (env): Record<string, string> =>
      MYSQL_PASSWORD_VARIABLES.some((k) => k in env) ? {} : { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' },
  },
  mongo: {
    name: 'mongo',
    description: 'MongoDB server',
    image: 'mongo:7',
    port: 27017,
    dataTarget: '/data/db',
    // mongosh in current images, the legacy mongo shell in old ones.
    healthcheck: fastHealthcheck(
      `mongosh --quiet --eval 'db.adminCommand("ping").ok' 2>/dev/null || mongo --quiet --eval 'db.adminCommand("ping").ok'`,
      120,
    ),
    environmentDefaults: () => ({}),
  },
  redis: {
    name: 'redis',
    description: 'Redis server',
    image: 'redis:7',
    port: 6379,
    dataTarget: '/data',
    // A password-protected redis answers NOAUTH: it is up.
    healthcheck: fastHealthcheck(`redis-cli -h 127.0.0.1 ping 2>&1 | grep -qE 'PONG|NOAUTH'`, 30),
    environmentDefaults: () => ({}),
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** The named volume a preset gives service `service`. */
export function presetVolumeName(service: string): string {
  return `${service}-data`;
}

/**
 * Fills in what the file left unset. `service.image` is '' when the file gave none. Returns the
 * preset's data volume when the service mounts it (i.e. the file did not mount something else on
 * the preset's data path).
 */
export function applyPreset(service: ServiceSpec, presetName: PresetName): { volume?: VolumeSpec } {
  const preset = PRESETS[presetName];
  service.preset = presetName;
  if (!service.image) service.image = preset.image;

  // Field by field, so `healthcheck: { start_period: 300s }` only lengthens the start period.
  const fileCheck = service.healthcheck;
  service.healthcheck = { ...preset.healthcheck, test: [...preset.healthcheck.test] };
  if (fileCheck) {
    for (const [k, v] of Object.entries(fileCheck)) {
      // An empty test means "the image's own test" in the file; the preset's is better than that.
      const inheritsTest = k === 'test' && Array.isArray(v) && v.length === 0;
      if (v !== undefined && !inheritsTest) (service.healthcheck as unknown as Record<string, unknown>)[k] = v;
    }
  }

  for (const [k, v] of Object.entries(preset.environmentDefaults(service.environment))) {
    if (!(k in service.environment)) service.environment[k] = v;
  }

  const exposed = `${preset.port}/tcp`;
  if (!service.expose.includes(exposed)) service.expose.unshift(exposed);

  if (service.mounts.some((m) => m.target === preset.dataTarget)) return {};
  const name = presetVolumeName(service.name);
  service.mounts.unshift({ type: 'volume', source: name, target: preset.dataTarget, readOnly: false });
  return { volume: { name, labels: {} } };
}
