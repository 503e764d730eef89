// What an s2i builder image says about itself, read from its labels and config as s2i reads them.

import type Docker from 'dockerode';

export const S2I_LABEL = {
  scriptsUrl: 'io.openshift.s2i.scripts-url',
  scriptsUrlFallback: 'io.s2i.scripts-url',
  destination: 'io.openshift.s2i.destination',
  assembleUser: 'io.openshift.s2i.assemble-user',
  buildImage: 'io.openshift.s2i.build.image',
  commitId: 'io.openshift.s2i.build.commit.id',
  commitRef: 'io.openshift.s2i.build.commit.ref',
  commitAuthor: 'io.openshift.s2i.build.commit.author',
  commitDate: 'io.openshift.s2i.build.commit.date',
  commitMessage: 'io.openshift.s2i.build.commit.message',
  sourceLocation: 'io.openshift.s2i.build.source-location',
  contextDir: 'io.openshift.s2i.build.source-context-dir',
} as const;

export interface BuilderImage {
  ref: string;
  id: string;
  labels: Record<string, string>;
  /** Where src/, scripts/ and artifacts/ go: the destination label, else /tmp. */
  destination: string;
  /** The assemble user label, else the image's USER ('' means root). */
  assembleUser: string;
  /** The image's own USER, which the built image runs as. */
  user: string;
  scriptsUrl?: string;
  entrypoint?: string[];
  exposedPorts?: Record<string, object>;
  /** The image's WORKDIR ('' for none): relative inject destinations are relative to it. */
  workdir: string;
}

export function builderFromInspect(ref: string, info: Docker.ImageInspectInfo): BuilderImage {
  const labels = info.Config?.Labels ?? {};
  const user = info.Config?.User ?? '';
  const entrypoint = info.Config?.Entrypoint as string[] | string | null | undefined;
  return {
    ref,
    id: info.Id,
    labels,
    destination: (labels[S2I_LABEL.destination] || '/tmp').replace(/\/+$/, '') || '/tmp',
    assembleUser: labels[S2I_LABEL.assembleUser] || user,
    user,
    scriptsUrl: labels[S2I_LABEL.scriptsUrl] || labels[S2I_LABEL.scriptsUrlFallback] || undefined,
    entrypoint: entrypoint ? (Array.isArray(entrypoint) ? entrypoint : [entrypoint]) : undefined,
    exposedPorts: info.Config?.ExposedPorts,
    workdir: info.Config?.WorkingDir ?? '',
  };
}

/** The numeric owner of uploads for a user spec like "1001", "1001:0" or "default". */
export function uploadOwner(user: string): { uid: number; gid: number } {
  const [u, g] = user.split(':');
  const uid = /^\d+$/.test(u ?? '') ? Number(u) : 0;
  const gid = /^\d+$/.test(g ?? '') ? Number(g) : 0;
  return { uid, gid };
}
