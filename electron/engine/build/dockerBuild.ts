// Compose's `build:`: a Dockerfile build of a folder next to the stack file. The engine's layer
// cache makes an unchanged build cheap, so it always runs.

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

export async function dockerBuild(docker: Docker, req: DockerBuildRequest): Promise<BuildResult> {
  const context = resolve(req.dir, req.spec.context);
  const tar = tarFs.pack(context);
  let error: string | undefined;
  try {
    const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
      t: req.image,
      dockerfile: req.spec.dockerfile,
      buildargs: req.spec.args,
      target: req.spec.target,
      rm: true,
      forcerm: true,
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
  return { image: req.image, imageId: id, reused: false };
}
