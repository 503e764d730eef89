// Secrets and configs from environment: or content: are written into a created container before
// its first start, as docker compose does: a tar of the files, owned and moded as the service's
// long syntax says (root and 0444 by default), copied in at /. The engine makes the folders the
// targets need (/run/secrets) itself. A container keeps them across stops and starts; a
// recreated one gets them again.

import type Docker from 'dockerode';
import tar from 'tar-stream';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { InjectedFileSpec } from '../../../../shared/stack/model.ts';
import { engineMessage } from '../../docker/connect.ts';

/** One tar of the files, entries named by their absolute target (without the leading /). */
export function filesArchive(files: InjectedFileSpec[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: Buffer) => chunks.push(c));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
    for (const f of files) {
      pack.entry({ name: f.target.replace(/^\/+/, ''), mode: f.mode, uid: f.uid ?? 0, gid: f.gid ?? 0, mtime: new Date() }, Buffer.from(f.content ?? '', 'utf8'));
    }
    pack.finalize();
  });
}

export async function injectFiles(docker: Docker, service: string, id: string, files: InjectedFileSpec[] | undefined, signal?: AbortSignal): Promise<void> {
  if (!files?.length) return;
  const archive = await filesArchive(files);
  try {
    // Without copyUIDGID the engine keeps the owners the archive's entries name (with it, it
    // would give every file to the container's user instead).
    await docker.getContainer(id).putArchive(archive, { path: '/', abortSignal: signal } as unknown as Record<string, unknown>);
  } catch (e) {
    if (signal?.aborted) throw e;
    const what = files.map((f) => `${f.kind} ${f.source}`).join(', ');
    throw new BranchyardError('engine', `cannot write ${what} into the container of service '${service}': ${engineMessage(e)}`, { service, reason: engineMessage(e) });
  }
}
