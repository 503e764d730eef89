// `branchyard build FILE SERVICE --usage`: s2i's `s2i usage`, the builder's usage script run in a
// container of the builder. As in s2i, the source is not fetched: the script comes from
// x-s2i.scripts_url or the builder's scripts-url label.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { S2iSpec } from '../../../../shared/stack/model.ts';
import { ensureImage } from '../../docker/images.ts';
import { runContainer } from '../runContainer.ts';
import { packFiles } from '../tarUpload.ts';
import { builderFromInspect } from './builderImage.ts';
import { locateScripts } from './scripts.ts';

const NO_SOURCE = { listDir: async () => undefined, readFile: async () => undefined };

export async function s2iUsage(docker: Docker, spec: S2iSpec, o: { service: string; stack: string; onLine: (l: string) => void; signal?: AbortSignal }): Promise<string> {
  try {
    await ensureImage(docker, spec.builder, (e) => o.onLine(e.message), o.service);
  } catch (e) {
    throw new BranchyardError('not-found', `unable to get ${spec.builder}: ${(e as Error).message}`, { service: o.service, image: spec.builder });
  }
  const builder = builderFromInspect(spec.builder, await docker.getImage(spec.builder).inspect());
  const scripts = await locateScripts({ scriptsUrl: spec.scriptsUrl, contextDir: '.', required: ['usage'] }, builder, NO_SOURCE);
  const out: string[] = [];
  const usage = scripts.upload.filter((f) => f.name === 'usage');
  const result = await runContainer(
    docker,
    {
      Image: builder.id,
      Cmd: [scripts.paths.usage!],
      ...(builder.entrypoint ? { Entrypoint: [''] } : {}),
      User: builder.user,
      name: `branchyard-build-${o.stack}-${o.service}-usage-${process.pid}-${Date.now().toString(36)}`,
    },
    {
      uploads: usage.length ? [[builder.destination, packFiles('scripts', usage, { uid: 0, gid: 0 })]] : [],
      onLine: (l) => out.push(l),
      signal: o.signal,
    },
  );
  if (result.exitCode !== 0) {
    throw new BranchyardError('service-failed', `the usage script of ${spec.builder} exited with code ${result.exitCode}\n    ${result.tail.join('\n    ')}`, { service: o.service, image: spec.builder });
  }
  return out.join('\n');
}
