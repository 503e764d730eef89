// Branchyard against docker-compose on the same six-service stack: mysql (the MariaDB test image),
// redis and four app containers, every one with a healthcheck (probe every second), depends_on
// three levels deep, fixed IPs on a /24 of their own. Three comparisons, each by process, the two
// tools alternating round by round (and which goes first), median of ROUNDS after a warm-up:
// - up until every healthcheck passes: `branchyard up --wait` against `docker-compose up -d` plus
//   polling the engine every POLL_MS until all six are healthy;
// - up of the unchanged, healthy stack: `branchyard up` against `docker-compose up -d`;
// - down without capture: `branchyard down --no-capture` against `docker-compose down`.
// Both files are written from one description, and the first round checks that both tools made
// the same containers (image, command, healthcheck, IP within the subnet). Needs the test images
// (bash test/images/build.sh) and docker-compose (apt-get install docker-compose); without it this
// bench says so and skips. Leaves nothing behind.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { IMAGES, cli, docker, removeAll, tempDir } from '../test/integration/harness.ts';
import { type Row, print } from './timing.ts';

const run = promisify(execFile);
const prefix = `bycmp${process.pid.toString(36)}`;
const POLL_MS = 100;
/** Counted rounds (after a warm-up): at least 5; more because two tools on one engine are noisy. */
const ROUNDS = 7;
/** Targets of issue 8: Branchyard's time over compose's. */
const TARGETS = { up: 0.9, unchanged: 0.5, down: 0.9 } as const;

interface ServiceDef {
  image: string;
  probe: string;
  host: number;
  dependsOn?: Record<string, 'service_healthy' | 'service_started'>;
}

// The app image's default command exits on SIGTERM, so stopping costs no grace period; so do
// mariadbd and redis-server. Probes of the apps reach their dependencies by service name.
const SERVICES: Record<string, ServiceDef> = {
  mysql: { image: IMAGES.mariadb, probe: 'mariadb-admin ping -h 127.0.0.1 --silent', host: 10 },
  redis: { image: IMAGES.redis, probe: 'redis-cli -h 127.0.0.1 ping | grep -q PONG', host: 11 },
  api: {
    image: IMAGES.app,
    probe: 'nc -z -w1 mysql 3306 && redis-cli -h redis ping | grep -q PONG',
    host: 20,
    dependsOn: { mysql: 'service_healthy', redis: 'service_healthy' },
  },
  worker: {
    image: IMAGES.app,
    probe: 'redis-cli -h redis ping | grep -q PONG',
    host: 21,
    dependsOn: { mysql: 'service_healthy', redis: 'service_healthy' },
  },
  web: { image: IMAGES.app, probe: 'getent hosts api >/dev/null', host: 22, dependsOn: { api: 'service_healthy' } },
  cron: { image: IMAGES.app, probe: 'getent hosts worker >/dev/null', host: 23, dependsOn: { worker: 'service_healthy', redis: 'service_started' } },
};

const healthcheck = (probe: string) => ({ test: ['CMD-SHELL', probe], interval: '1s', timeout: '3s', retries: 3, start_period: '30s' });

export function branchyardFile(template: string, subnet: string): string {
  const services = Object.fromEntries(
    Object.entries(SERVICES).map(([name, s]) => [
      name,
      { image: s.image, healthcheck: healthcheck(s.probe), ...(s.dependsOn ? { depends_on: mapDeps(s.dependsOn) } : {}), 'x-ip': s.host },
    ]),
  );
  return stringify({ name: template, 'x-branchyard': { subnet: `${subnet}.0/24` }, services });
}

export function composeFile(subnet: string): string {
  const services = Object.fromEntries(
    Object.entries(SERVICES).map(([name, s]) => [
      name,
      {
        image: s.image,
        healthcheck: healthcheck(s.probe),
        ...(s.dependsOn ? { depends_on: mapDeps(s.dependsOn) } : {}),
        networks: { default: { ipv4_address: `${subnet}.${s.host}` } },
      },
    ]),
  );
  return stringify({
    version: '2.4',
    services,
    networks: { default: { ipam: { config: [{ subnet: `${subnet}.0/24`, gateway: `${subnet}.1` }] } } },
  });
}

function mapDeps(deps: Record<string, string>) {
  return Object.fromEntries(Object.entries(deps).map(([d, condition]) => [d, { condition }]));
}

async function hasDockerCompose(): Promise<boolean> {
  return run('docker-compose', ['version']).then(
    () => true,
    () => false,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** What must be equal between the two tools' containers of one service. */
function shape(info: Docker.ContainerInspectInfo) {
  const net = Object.values(info.NetworkSettings.Networks)[0];
  return JSON.stringify({
    image: info.Config.Image,
    cmd: info.Config.Cmd,
    entrypoint: info.Config.Entrypoint,
    healthcheck: info.Config.Healthcheck,
    host: net?.IPAddress?.split('.').pop(),
    prefix: net?.IPPrefixLen,
    gateway: net?.Gateway?.split('.').pop(),
    restart: info.HostConfig.RestartPolicy?.Name || 'no',
  });
}

async function shapes(label: string, value: string, serviceLabel: string): Promise<Map<string, string>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  const out = new Map<string, string>();
  for (const c of list) out.set(c.Labels[serviceLabel], shape(await docker.getContainer(c.Id).inspect()));
  return out;
}

export async function composeBench(): Promise<void> {
  if (!(await hasDockerCompose())) {
    console.log('\ncompose comparison skipped: docker-compose is not installed (Debian: apt-get install docker-compose)');
    return;
  }
  const tmp = tempDir();
  const stack = `${prefix}-six`;
  const project = `${prefix}compose`;
  const file = tmp.write('stack.yml', branchyardFile(prefix, '10.235.20'));
  const composePath = tmp.write('docker-compose.yml', composeFile('10.235.21'));
  const compose = (...args: string[]) => run('docker-compose', ['-p', project, '-f', composePath, ...args], { cwd: tmp.dir });
  const by = async (...args: string[]) => {
    const r = await cli(args, { cwd: tmp.dir });
    if (r.code !== 0) throw new Error(`branchyard ${args.join(' ')}: ${r.stderr}`);
  };
  const composeHealthy = async (): Promise<void> => {
    const want = Object.keys(SERVICES).length;
    for (;;) {
      const list = await docker.listContainers({ filters: { label: [`com.docker.compose.project=${project}`] } });
      if (list.length === want && list.every((c) => c.Status.includes('(healthy)'))) return;
      if (list.some((c) => c.Status.includes('(unhealthy)'))) throw new Error('a compose service turned unhealthy');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  const times = { by: { up: [] as number[], unchanged: [] as number[], down: [] as number[] }, compose: { up: [] as number[], unchanged: [] as number[], down: [] as number[] } };
  const rounds = {
    async by(keep: boolean) {
      const up = await timed(() => by('up', file, '--name', stack, '--wait'));
      const unchanged = [await timed(() => by('up', file, '--name', stack)), await timed(() => by('up', file, '--name', stack))];
      const shape = keep ? undefined : await shapes('io.branchyard.stack', stack, 'io.branchyard.service');
      const down = await timed(() => by('down', stack, '--no-capture'));
      if (keep) times.by.up.push(up), times.by.unchanged.push(...unchanged), times.by.down.push(down);
      return shape;
    },
    async compose(keep: boolean) {
      const up = await timed(async () => {
        await compose('up', '-d');
        await composeHealthy();
      });
      const unchanged = [await timed(() => compose('up', '-d')), await timed(() => compose('up', '-d'))];
      const shape = keep ? undefined : await shapes('com.docker.compose.project', project, 'com.docker.compose.service');
      const down = await timed(() => compose('down'));
      if (keep) times.compose.up.push(up), times.compose.unchanged.push(...unchanged), times.compose.down.push(down);
      return shape;
    },
  };

  try {
    // Warm-up round: not counted; checks that both tools made the same containers.
    const ours = await rounds.by(false);
    const theirs = await rounds.compose(false);
    for (const name of Object.keys(SERVICES)) {
      if (ours?.get(name) !== theirs?.get(name)) {
        throw new Error(`the two tools made different containers for ${name}:\n  branchyard ${ours?.get(name)}\n  compose    ${theirs?.get(name)}`);
      }
    }
    console.log(`\nboth tools made the same ${ours?.size} containers (image, command, healthcheck, restart, host number, prefix, gateway)`);
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) await rounds.by(true), await rounds.compose(true);
      else await rounds.compose(true), await rounds.by(true);
    }
    const rows: Row[] = [
      { name: 'up --wait of 6 services until healthy', ms: median(times.by.up), baseline: 'compose up -d + poll until healthy', baselineMs: median(times.compose.up) },
      { name: 'up of the unchanged stack', ms: median(times.by.unchanged), baseline: 'compose up -d, unchanged', baselineMs: median(times.compose.unchanged) },
      { name: 'down --no-capture', ms: median(times.by.down), baseline: 'compose down', baselineMs: median(times.compose.down) },
    ];
    print(`against docker-compose (${ROUNDS} alternating rounds, processes, median)`, rows);
    const keys = ['up', 'unchanged', 'down'] as const;
    console.log(
      `\ntargets: ${keys.map((k, i) => `${k} <= ${TARGETS[k]}x (${(rows[i].ms / rows[i].baselineMs).toFixed(2)}x ${rows[i].ms / rows[i].baselineMs <= TARGETS[k] ? 'met' : 'MISSED'})`).join(', ')}`,
    );
    if (process.env.BRANCHYARD_BENCH_RAW) console.log(JSON.stringify(times));
  } finally {
    await compose('down', '-v', '--remove-orphans').catch(() => {});
    await removeAll(prefix);
    tmp.remove();
  }
}
