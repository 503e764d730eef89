// Pushing a built image to a registry (Harbor and the like), with the credentials the user's
// docker CLI already has: $DOCKER_CONFIG/config.json (default ~/.docker/config.json), `auths`.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { engineMessage } from './connect.ts';
import { withDefaultTag } from './images.ts';

/** The registry host of a reference: its first component when it looks like a host. */
export function registryOf(ref: string): string {
  const first = ref.split('/')[0];
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** `push: registry` re-homes `qa/hydra:tag` (or `old.host/qa/hydra:tag`) to `registry/qa/hydra:tag`. */
export function pushTarget(image: string, push: true | string): string {
  if (push === true) return withDefaultTag(image);
  const full = withDefaultTag(image);
  const path = registryOf(full) === 'docker.io' ? full : full.slice(full.indexOf('/') + 1);
  return `${push.replace(/\/+$/, '')}/${path}`;
}

export function authFor(registry: string, env: NodeJS.ProcessEnv = process.env): Docker.AuthConfig | undefined {
  try {
    const file = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
    const auths = (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> }).auths ?? {};
    const keys = [registry, `https://${registry}`, `http://${registry}`, ...(registry === 'docker.io' ? ['https://index.docker.io/v1/'] : [])];
    const entry = keys.map((k) => auths[k]).find((a) => a?.auth);
    if (!entry?.auth) return undefined;
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return { username: decoded.slice(0, i), password: decoded.slice(i + 1), serveraddress: registry };
  } catch {
    return undefined;
  }
}

export async function pushImage(docker: Docker, image: string, push: true | string, onLine: (l: string) => void): Promise<string> {
  const target = pushTarget(image, push);
  const i = target.lastIndexOf(':');
  const [repo, tag] = [target.slice(0, i), target.slice(i + 1)];
  try {
    if (target !== withDefaultTag(image)) await docker.getImage(image).tag({ repo, tag });
    onLine(`---> pushing ${target}`);
    const stream = await docker.getImage(target).push({ tag, authconfig: authFor(registryOf(target)) } as object);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (ev: { error?: string; status?: string; id?: string }) => {
          if (ev.error) reject(new Error(ev.error));
          else if (ev.status && !ev.id) onLine(ev.status);
        },
      ),
    );
    onLine(`---> pushed ${target}`);
    return target;
  } catch (e) {
    throw new BranchyardError('engine', `cannot push ${target}: ${engineMessage(e)}`, { image: target });
  }
}
