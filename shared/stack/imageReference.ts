// Docker image reference syntax (distribution/reference): [registry[:port]/]path[:tag][@digest].
// Checked here so `image: qa/hydra:${TAG}` with TAG unset fails on the file, not at pull time.

import { quote } from '../text/quote.ts';

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
// A first component is a registry only when it looks like one (docker.io/library rule): it has a
// dot or a port, or is localhost. Otherwise `Foo/bar` would pass with "Foo" taken as a registry.
const DOMAIN = `(?:(?:localhost|${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})+|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?|${DOMAIN_COMPONENT}:[0-9]+)`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`,
);

/** Why `ref` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(ref: string): string | undefined {
  const m = REFERENCE.exec(ref);
  if (m && m[1].length <= 255) return undefined;
  if (m) return `invalid image reference ${quote(ref)}: the name is longer than 255 characters`;
  // Say why for the common mistake: a registry-less name with capitals.
  const at = ref.indexOf('@');
  const beforeDigest = at < 0 ? ref : ref.slice(0, at);
  const tagColon = beforeDigest.lastIndexOf(':');
  const nameEnd = tagColon > beforeDigest.lastIndexOf('/') ? tagColon : beforeDigest.length;
  const lowered = ref.slice(0, nameEnd).toLowerCase() + ref.slice(nameEnd);
  if (lowered !== ref && REFERENCE.test(lowered)) {
    return `invalid image reference ${quote(ref)}: the repository name must be lowercase`;
  }
  return `invalid image reference ${quote(ref)}`;
}
