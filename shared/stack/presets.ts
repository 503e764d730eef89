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
  // The mariadb image's own names for the same.
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
  'MARIADB_RANDOM_ROOT_PASSWORD',
  'MARIADB_ROOT_PASSWORD_FILE',
];

/** The images' own variables for the root password (the mariadb image's MARIADB_* as well). */
const ROOT_PASSWORD = '${MYSQL_ROOT_PASSWORD:-${MARIADB_ROOT_PASSWORD:-}}';
const ROOT_PASSWORD_FILE = '${MYSQL_ROOT_PASSWORD_FILE:-${MARIADB_ROOT_PASSWORD_FILE:-}}';
const RANDOM_ROOT = '${MYSQL_RANDOM_ROOT_PASSWORD:-}${MARIADB_RANDOM_ROOT_PASSWORD:-}';
const APP_USER = '${MYSQL_USER:-${MARIADB_USER:-}}';
const APP_PASSWORD = '${MYSQL_PASSWORD:-${MARIADB_PASSWORD:-}}';
const APP_PASSWORD_FILE = '${MYSQL_PASSWORD_FILE:-${MARIADB_PASSWORD_FILE:-}}';

/**
 * The mysql/mariadb probe. MySQL and MariaDB log every failed login as a warning ("Access denied
 * for user 'root'@'localhost'"), so a probe that does not log in writes that line to the
 * service's log once a second. It logs in as the image set the server up: root with the password
 * from MYSQL_ROOT_PASSWORD or its _FILE (MARIADB_* in mariadb images); with only a random root
 * password, the MYSQL_USER the image created. The password goes through MYSQL_PWD, which both
 * clients read: the shell expands it when the probe runs, so the healthcheck the engine shows
 * (docker inspect) names the variables, never the password, and no process argument holds it.
 */
const MYSQL_CHECK = [
  `u=root; p="${ROOT_PASSWORD}"; f="${ROOT_PASSWORD_FILE}"`,
  'if [ -n "$f" ]; then p="$(cat "$f")"; fi',
  `if [ -z "$p" ] && [ -n "${RANDOM_ROOT}" ] && [ -n "${APP_USER}" ]; then u="${APP_USER}"; p="${APP_PASSWORD}"; f="${APP_PASSWORD_FILE}"; if [ -n "$f" ]; then p="$(cat "$f")"; fi; fi`,
  'if [ -n "$p" ]; then export MYSQL_PWD="$p"; fi',
  'mysqladmin ping -h 127.0.0.1 -u"$u" --silent 2>/dev/null || mariadb-admin ping -h 127.0.0.1 -u"$u" --silent',
].join('; ');

/**
 * The mongo probe: mongod listens on a non-loopback address (port 27017 is 6989 in hex in
 * /proc/net/tcp; state 0A is LISTEN). Reading the socket table opens no connection, and mongod
 * logs every connection ("Connection accepted", "client metadata", "Connection ended"), several
 * lines per probe. It also tells the real server from the one the image's first-boot init runs
 * (users and /docker-entrypoint-initdb.d scripts), which listens on 127.0.0.1 only: a ping over
 * 127.0.0.1 would say ready before that server is replaced. mongod listens once its start-up is
 * done ("Waiting for connections").
 */
const MONGO_CHECK = `grep -shE ':6989 [0-9A-F:]+ 0A ' /proc/net/tcp /proc/net/tcp6 | grep -qvE ': ([0-9A-F]{6}7F|0{24}01000000):6989 '`;

export const PRESETS: Readonly<Record<PresetName, PresetDefinition>> = {
  mysql: {
    name: 'mysql',
    description: 'MySQL server (root without a password unless the file sets one)',
    image: 'mysql:8.0',
    port: 3306,
    dataTarget: '/var/lib/mysql',
    // Ping over TCP: the temporary --skip-networking server of the first-boot init does not count
    // as ready. The ping logs in, as the image set root up, so the server has no failed login to
    // log every second (MYSQL_CHECK). A ping that still fails to authenticate reports the server
    // alive all the same.
    healthcheck: fastHealthcheck(MYSQL_CHECK, 120),
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
    // No connection at all (MONGO_CHECK): mongod logs every connection a probe would open.
    healthcheck: fastHealthcheck(MONGO_CHECK, 120),
    environmentDefaults: () => ({}),
  },
  redis: {
    name: 'redis',
    description: 'Redis server',
    image: 'redis:7',
    port: 6379,
    dataTarget: '/data',
    // A password-protected redis answers NOAUTH: it is up. Redis logs neither the connection nor
    // the refused command (checked in test/integration/preset-health-noise.test.ts).
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
