// Images a stack needs: used when present, pulled with progress when missing.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { Progress } from '../progress.ts';
import { engineMessage, statusOf } from './connect.ts';

/** The image's id when the engine has it, else undefined. */
export async function imageId(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** A reference without a tag or digest means `:latest`, as docker does. */
export function withDefaultTag(ref: string): string {
  const lastSlash = ref.lastIndexOf('/');
  const name = ref.slice(lastSlash + 1);
  return name.includes(':') || name.includes('@') ? ref : `${ref}:latest`;
}

/** Makes sure the engine has `ref`; pulls it when missing. Returns the image id. */
export async function ensureImage(docker: Docker, ref: string, progress: Progress, service?: string): Promise<string> {
  const present = await imageId(docker, ref);
  if (present) return present;
  const full = withDefaultTag(ref);
  progress({ service, message: `pulling ${full}` });
  try {
    const stream = await docker.pull(full);
    await new Promise<void>((resolve, reject) => {
      let last = 0;
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (ev: { status?: string; id?: string; progress?: string; error?: string }) => {
          if (ev.error) return reject(new Error(ev.error));
          // One line a second is enough for a terminal or a CI log.
          const now = Date.now();
          if (now - last < 1000 && !/complete|digest|status/i.test(ev.status ?? '')) return;
          last = now;
          progress({ service, message: `${full}: ${[ev.id, ev.status, ev.progress].filter(Boolean).join(' ')}` });
        },
      );
    });
  } catch (e) {
    throw new BranchyardError('not-found', `image '${full}' is not on this engine and cannot be pulled: ${engineMessage(e)}`, {
      service,
      image: full,
    });
  }
  const id = await imageId(docker, ref);
  if (!id) throw new BranchyardError('not-found', `image '${full}' was pulled but the engine does not list it`, { service, image: full });
  return id;
}
