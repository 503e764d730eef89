// Compose's `build:`: a Dockerfile build of a folder next to the stack file, with the options the
// engine's classic builder takes (labels, cache_from, shm_size, extra_hosts, network, no_cache,
// pull, platform, ulimits, isolation; a dockerfile_inline is put into the context sent), and the
// extra tags after it. The engine's layer cache makes an unchanged build cheap, so it always runs.

import { resolve } from 'node:path';
import type Docker from 'dockerode';
import tarFs from 'tar-fs';
import { BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { DockerBuildSpec } from '../../../shared/stack/model.ts';
import { engineMessage } from '../docker/connect.ts';
import { imageId } from '../docker/images.ts';
import type { BuildResult } from './s2i/s2iBuild.ts';

export interface DockerBuildRequest {
  service: string;
  spec: DockerBuildSpec;
  /** Folder the context is relative to (the stack file's). */
  dir: string;
  image: string;
  onLine: (line: string) => void;
  signal?: AbortSignal;
}

/** Where a dockerfile_inline goes in the context sent to the engine (not in the folder itself). */
const INLINE_DOCKERFILE = '.branchyard.inline.Dockerfile';

/** The engine's build options for a spec: only those the file sets, so a plain build sends what it did. */
export function buildOptions(spec: DockerBuildSpec, image: string): Docker.ImageBuildOptions {
  const o: Record<string, unknown> = {
    t: image,
    dockerfile: spec.dockerfileInline !== undefined ? INLINE_DOCKERFILE : spec.dockerfile,
    buildargs: spec.args,
    target: spec.target,
    rm: true,
    forcerm: true,
    labels: spec.labels,
    cachefrom: spec.cacheFrom ? JSON.stringify(spec.cacheFrom) : undefined,
    shmsize: spec.shmSizeBytes,
    extrahosts: spec.extraHosts?.join(','),
    networkmode: spec.network,
    nocache: spec.noCache,
    pull: spec.pull,
    platform: spec.platform,
    ulimits: spec.ulimits ? JSON.stringify(Object.entries(spec.ulimits).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard }))) : undefined,
    isolation: spec.isolation,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Docker.ImageBuildOptions;
}

function repoAndTag(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

export async function dockerBuild(docker: Docker, req: DockerBuildRequest): Promise<BuildResult> {
  const context = resolve(req.dir, req.spec.context);
  const inline = req.spec.dockerfileInline;
  const tar = tarFs.pack(context, inline === undefined ? {} : {
    finalize: false,
    finish: (pack) => {
      pack.entry({ name: INLINE_DOCKERFILE }, inline);
      pack.finalize();
    },
  });
  let error: string | undefined;
  try {
    const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
      ...buildOptions(req.spec, req.image),
      abortSignal: req.signal,
    } as Docker.ImageBuildOptions);
    await new Promise<void>((res, rej) =>
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? rej(err) : res()),
        (ev: { stream?: string; error?: string; status?: string }) => {
          if (ev.error) error = ev.error;
          const text = ev.stream ?? ev.status;
          if (text) for (const line of text.replace(/\n$/, '').split('\n')) req.onLine(line);
        },
      ),
    );
  } catch (e) {
    error ??= engineMessage(e);
  }
  if (req.signal?.aborted) throw cancelledError('build cancelled');
  if (error) throw new BranchyardError('service-failed', `build of service '${req.service}' failed: ${error}`, { service: req.service });
  const id = await imageId(docker, req.image);
  if (!id) throw new BranchyardError('engine', `build of service '${req.service}' finished but ${req.image} is missing`, { service: req.service });
  for (const tag of req.spec.tags ?? []) {
    try {
      await docker.getImage(id).tag(repoAndTag(tag));
    } catch (e) {
      throw new BranchyardError('engine', `build of service '${req.service}': cannot tag the image ${tag}: ${engineMessage(e)}`, { service: req.service });
    }
  }
  return { image: req.image, imageId: id, reused: false };
}
