// One Docker client per engine endpoint. DOCKER_HOST is honoured as the docker CLI does
// (unix://, tcp:// with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, ssh://user@host): docker-modem reads it.
// Without it, the dockerEndpoint setting is read the same way (dockerOptions).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { watchEngine } from './watchdog.ts';

/** The endpoint as a user would write it, for messages (DOCKER_HOST, else the default socket). */
export function describeEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** The endpoint a process with these settings reaches: DOCKER_HOST, else the setting (one that cannot be read: DOCKER_HOST's default). */
export function endpointOf(settings: { get(): { dockerEndpoint: string } }): string {
  try {
    return settings.get().dockerEndpoint;
  } catch {
    return describeEndpoint();
  }
}

export interface Engine {
  docker: Docker;
  endpoint: string;
  /** The engine's API version, e.g. "1.41": features such as StartInterval depend on it. */
  apiVersion: string;
}

/**
 * The client for an endpoint of the dockerEndpoint setting, read as docker-modem reads DOCKER_HOST
 * (TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, ssh through ssh-agent). Undefined: DOCKER_HOST
 * (or the default socket) as dockerode finds it by itself.
 */
export function dockerOptions(endpoint: string, env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  if (endpoint.startsWith('unix://')) return { socketPath: endpoint.slice('unix://'.length) };
  if (endpoint.startsWith('npipe://')) return { socketPath: endpoint.slice('npipe://'.length) };
  const url = new URL(endpoint);
  const port = url.port || (url.protocol === 'ssh:' ? '22' : env.DOCKER_TLS_VERIFY === '1' ? '2376' : '2375');
  if (url.protocol === 'ssh:') {
    return { protocol: 'ssh', host: url.hostname, port, username: decodeURIComponent(url.username) || undefined, sshOptions: { agent: env.SSH_AUTH_SOCK } };
  }
  const tls = env.DOCKER_TLS_VERIFY === '1' || port === '2376';
  const certs = env.DOCKER_CERT_PATH
    ? { ca: readFileSync(join(env.DOCKER_CERT_PATH, 'ca.pem')), cert: readFileSync(join(env.DOCKER_CERT_PATH, 'cert.pem')), key: readFileSync(join(env.DOCKER_CERT_PATH, 'key.pem')) }
    : {};
  return { protocol: tls ? 'https' : 'http', host: url.hostname, port, ...certs };
}

/**
 * Connects and pings once, so an unreachable engine is one clear line, not a stack trace later.
 * `endpoint`: the dockerEndpoint setting; DOCKER_HOST, when set, wins (as the docker CLI's does).
 */
export async function connectEngine(setting?: string): Promise<Engine> {
  const fromSetting = !process.env.DOCKER_HOST && setting ? setting : undefined;
  const endpoint = fromSetting ?? describeEndpoint();
  let docker: Docker;
  try {
    docker = fromSetting ? new Docker(dockerOptions(fromSetting)) : new Docker();
  } catch (e) {
    throw new BranchyardError('engine-unreachable', `cannot use Docker engine at ${endpoint}: ${(e as Error).message}`, {
      endpoint,
    });
  }
  try {
    const version = await withTimeout(docker.version(), 10_000);
    // Only now, so this first ping keeps its own 10 s limit and message; from here on every
    // request runs under its operation's watchdog (cancel, "waiting for the engine", deadline).
    watchEngine(docker.modem, endpoint);
    return { docker, endpoint, apiVersion: version.ApiVersion };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new BranchyardError('engine-unreachable', `cannot reach the Docker engine at ${endpoint} (${why}): is dockerd running?`, {
      endpoint,
    });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** API versions compare as numbers per part: "1.9" < "1.41". */
export function apiAtLeast(engine: Engine, wanted: string): boolean {
  return versionAtLeast(engine.apiVersion, wanted);
}

export function versionAtLeast(have: string, wanted: string): boolean {
  const [a1, a2] = have.split('.').map(Number);
  const [b1, b2] = wanted.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** The status code of a dockerode error (404 not found, 409 conflict, ...). */
export function statusOf(e: unknown): number | undefined {
  return (e as { statusCode?: number }).statusCode;
}

/** The engine's own message of a dockerode error, without dockerode's prefix noise. */
export function engineMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; reason?: string; message?: string };
  return err.json?.message ?? err.message ?? String(e);
}
