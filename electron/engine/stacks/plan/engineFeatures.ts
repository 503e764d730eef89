// Keys of the file that the engine knows only from some API version on: refused by the plan on an
// older engine, before anything changes, naming the Docker Engine release that has them. (The
// parser cannot know the engine; validate accepts them.)

import type { Issue } from '../../../../shared/errors/errors.ts';
import type { ServiceSpec } from '../../../../shared/stack/model.ts';
import { versionAtLeast } from '../../docker/connect.ts';

/** Mount kinds the engine knows only from an API version on, with the engine release that has it. */
const NEEDS: Array<{ what: string; api: string; release: string; uses: (s: ServiceSpec) => boolean }> = [
  { what: 'image mounts (type: image)', api: '1.48', release: '28.0', uses: (s) => s.mounts.some((m) => m.type === 'image') },
  { what: 'volume subpaths (volume.subpath)', api: '1.45', release: '26.0', uses: (s) => s.mounts.some((m) => m.type === 'volume' && m.subpath) },
];

/** What service `s` needs that an engine of API `api` does not have, as issues naming the version needed. */
export function engineTooOld(s: ServiceSpec, api: string | undefined): Issue[] {
  if (!api) return [];
  return NEEDS.filter((n) => n.uses(s) && !versionAtLeast(api, n.api)).map((n) => ({
    service: s.name,
    field: `services.${s.name}.volumes`,
    message: `service '${s.name}' uses ${n.what}, which need Docker Engine ${n.release} or newer (API ${n.api}); this engine speaks API ${api}: upgrade it, or mount a volume instead`,
  }));
}
