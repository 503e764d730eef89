// Named volumes of a stack: `<stack>_<name>` in the engine, labelled like everything else, so
// `down --volumes` finds them without the file. External volumes are used as they are.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { VolumeSpec } from '../../../shared/stack/model.ts';
import { statusOf } from '../docker/connect.ts';
import { LABEL } from '../docker/labels.ts';

export function volumeName(stack: string, volume: string): string {
  return `${stack}_${volume}`;
}

/** Creates missing volumes; returns the engine name of every volume of the file. */
export async function ensureStackVolumes(
  docker: Docker,
  stack: string,
  volumes: VolumeSpec[],
  labels: Record<string, string>,
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await Promise.all(
    volumes.map(async (v) => {
      const name = v.external ?? volumeName(stack, v.name);
      names[v.name] = name;
      try {
        await docker.getVolume(name).inspect();
        return;
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      if (v.external) {
        throw new BranchyardError('not-found', `external volume '${name}' does not exist: create it with docker volume create`, {
          field: `volumes.${v.name}`,
        });
      }
      await docker.createVolume({ Name: name, Labels: { ...v.labels, ...labels, [LABEL.volume]: v.name } });
    }),
  );
  return names;
}
