// The last step of an s2i build: labels an assemble left in /tmp/.s2i/image_metadata.json, read
// from the stopped container, and the commit of that container as the tagged result.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import { engineMessage } from '../../docker/connect.ts';
import { withDefaultTag } from '../../docker/images.ts';
import { firstFileOf } from '../tarUpload.ts';
import { IMAGE_METADATA_PATH, metadataLabels } from './s2iLabels.ts';

function splitTag(ref: string): { repo: string; tag: string } {
  const full = withDefaultTag(ref);
  const i = full.lastIndexOf(':');
  return { repo: full.slice(0, i), tag: full.slice(i + 1) };
}

export /** Labels the assemble script wrote to /tmp/.s2i/image_metadata.json, read from the stopped container. */
async function assembledLabels(container: Docker.Container): Promise<Record<string, string>> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path: IMAGE_METADATA_PATH });
  } catch {
    return {}; // no such file: nothing to add
  }
  const text = (await firstFileOf(archive)).toString('utf8');
  try {
    return metadataLabels(text);
  } catch (e) {
    throw new BranchyardError('invalid-input', `could not check for new labels: ${(e as Error).message}`);
  }
}

export async function commitImage(docker: Docker, containerId: string, image: string, config: Record<string, unknown>): Promise<string> {
  const { repo, tag } = splitTag(image);
  try {
    const data = await new Promise<{ Id: string }>((resolve, reject) =>
      docker.modem.dial(
        {
          path: '/commit?',
          method: 'POST',
          options: { _query: { container: containerId, repo, tag, pause: false }, _body: config },
          statusCodes: { 200: true, 201: true, 404: 'no such container', 500: 'server error' },
        },
        (err: unknown, d: unknown) => (err ? reject(err) : resolve(d as { Id: string })),
      ),
    );
    return data.Id;
  } catch (e) {
    throw new BranchyardError('engine', `cannot commit the build of ${image}: ${engineMessage(e)}`);
  }
}

