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

/**
 * Makes sure the engine has `ref`; pulls it when missing, or always (`pull_policy: always`), for
 * `platform` when given. Returns the image id.
 */
export async function ensureImage(
  docker: Docker,
  ref: string,
  progress: Progress,
  service?: string,
  o: { always?: boolean; platform?: string } = {},
): Promise<string> {
  const present = o.always ? undefined : await imageId(docker, ref);
  if (present) return present;
  const full = withDefaultTag(ref);
  progress({ service, message: `pulling ${full}`, phase: 'pulling' });
  try {
    const stream = await docker.pull(full, o.platform ? { platform: o.platform } : {});
    const bytes = new PullBytes();
    await new Promise<void>((resolve, reject) => {
      let last = 0;
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (ev: PullEvent) => {
          if (ev.error) return reject(new Error(ev.error));
          bytes.note(ev);
          // One line a second is enough for a terminal, a CI log or a progress bar.
          const now = Date.now();
          if (now - last < 1000 && !/complete|digest|status/i.test(ev.status ?? '')) return;
          last = now;
          progress({ service, message: `${full}: ${[ev.id, ev.status, ev.progress].filter(Boolean).join(' ')}`, bytes: bytes.total() });
        },
      );
    });
  } catch (e) {
    const why = o.always ? 'cannot be pulled (pull_policy: always)' : 'is not on this engine and cannot be pulled';
    throw new BranchyardError('not-found', `image '${full}' ${why}: ${engineMessage(e)}`, {
      service,
      image: full,
    });
  }
  const id = await imageId(docker, ref);
  if (!id) throw new BranchyardError('not-found', `image '${full}' was pulled but the engine does not list it`, { service, image: full });
  return id;
}

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

/**
 * Bytes of a pull summed over its layers. The engine reports each layer's download on its own
 * (`Downloading` with current/total); a layer that is `Download complete`, `Pull complete` or
 * `Already exists` counts as fully fetched.
 */
export class PullBytes {
  private readonly layers = new Map<string, { done: number; total: number }>();

  note(ev: PullEvent): void {
    if (!ev.id || !ev.status) return;
    const layer = this.layers.get(ev.id) ?? { done: 0, total: 0 };
    const d = ev.progressDetail;
    if (/^Downloading/.test(ev.status) && d?.total) {
      layer.total = d.total;
      layer.done = Math.min(d.current ?? 0, d.total);
    } else if (/Download complete|Pull complete|Already exists/.test(ev.status)) {
      layer.done = layer.total;
    } else if (!this.layers.has(ev.id) && !/^Pulling fs layer|^Waiting/.test(ev.status)) {
      return; // "Pulling from library/x", "Digest: …": not a layer
    }
    this.layers.set(ev.id, layer);
  }

  total(): { done: number; total: number } {
    let done = 0;
    let total = 0;
    for (const l of this.layers.values()) {
      done += l.done;
      total += l.total;
    }
    return { done, total };
  }
}
