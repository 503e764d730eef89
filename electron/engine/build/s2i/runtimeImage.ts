// s2i's two-image build (--runtime-image with --runtime-artifact): after assemble, the artifacts
// are taken from the stopped build container, uploaded into the runtime image's WORKDIR, and the
// runtime image's `assemble-runtime` script runs there; that container is committed with the
// runtime image's `run`, user and entrypoint. The builder and its tools stay out of the result.

import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { type ArchivePart, concatArchives } from '../source/submodules.ts';
import type { Owner } from '../tarUpload.ts';
import type { BuilderImage } from './builderImage.ts';

export interface RuntimeArtifact {
  /** Absolute path in the builder after assemble. */
  source: string;
  /** Folder relative to the runtime image's WORKDIR ('' for the WORKDIR itself). */
  destination: string;
}

/** s2i's label on a builder naming its runtime artifacts: `/src1:dest1;/src2`. */
export const ASSEMBLE_INPUT_FILES_LABEL = 'io.openshift.s2i.assemble-input-files';

export function artifactsFromLabel(label: string | undefined): RuntimeArtifact[] {
  return (label ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const colon = s.indexOf(':');
      return colon < 0 ? { source: s, destination: '' } : { source: s.slice(0, colon), destination: s.slice(colon + 1) };
    });
}

/** Reads every artifact out of the stopped container into one tar (in memory: the container goes next). */
export async function collectArtifacts(container: Docker.Container, artifacts: RuntimeArtifact[]): Promise<Buffer> {
  const parts: ArchivePart[] = [];
  for (const a of artifacts) {
    let archive: NodeJS.ReadableStream;
    try {
      archive = await container.getArchive({ path: a.source });
    } catch (e) {
      throw new BranchyardError('not-found', `could not download file ${a.source} from the build container: ${(e as Error).message}`);
    }
    const dest = a.destination.replace(/^\.?\/*|\/+$/g, '');
    parts.push({ prefix: dest ? `${dest}/` : '', open: () => archive });
  }
  const chunks: Buffer[] = [];
  const out = concatArchives(parts);
  out.on('data', (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  return Buffer.concat(chunks);
}

/** The scripts folder of the runtime image: its scripts-url label, which must be image://. */
export function runtimeScriptsDir(runtime: BuilderImage): string {
  if (!runtime.scriptsUrl?.startsWith('image://')) {
    throw new BranchyardError('invalid-input', `could not determine scripts URL for image ${runtime.ref}: set its label io.openshift.s2i.scripts-url=image:///path`, { image: runtime.ref });
  }
  return runtime.scriptsUrl.slice('image://'.length).replace(/\/+$/, '');
}

/** The artifacts tar re-owned for the runtime's assemble user, for an upload at its WORKDIR. */
export function artifactsUpload(tarBytes: Buffer, owner: Owner): Readable {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    // s2i uploads runtime artifacts with standard modes: 0644 files, 0755 executables and folders
    const mode = header.type === 'directory' || (header.mode ?? 0) & 0o111 ? 0o755 : 0o644;
    stream.pipe(pack.entry({ ...header, mode, ...owner, uname: undefined, gname: undefined }, (err) => next(err)));
  });
  extract.on('finish', () => pack.finalize());
  extract.on('error', (e) => pack.destroy(e));
  extract.end(tarBytes);
  return pack;
}
