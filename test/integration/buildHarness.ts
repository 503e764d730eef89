// Cleanup for build tests: build containers are named branchyard-build-*, test images are tagged
// under the test's prefix.

import { docker } from './harness.ts';

export async function buildContainersLeft(): Promise<string[]> {
  const all = await docker.listContainers({ all: true, filters: { name: ['branchyard-build-'] } });
  return all.map((c) => c.Names[0]);
}

/** Removes every image with a tag under `prefix/`, and the untagged ones those builds left. */
export async function removeImages(prefix: string): Promise<void> {
  const images = await docker.listImages();
  for (const img of images) {
    const tags = (img.RepoTags ?? []).filter((t) => t.startsWith(`${prefix}/`) || t.includes(`/${prefix}/`));
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => {});
  }
  const dangling = await docker.listImages({ filters: { dangling: ['true'], label: ['io.branchyard.build-inputs'] } });
  for (const img of dangling) await docker.getImage(img.Id).remove({ force: true }).catch(() => {});
}
