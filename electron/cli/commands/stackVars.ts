import type { StackIdentity } from '../../engine/stacks/resolveStackName.ts';

/** The variables Branchyard adds to interpolation: ${BRANCH}, ${BRANCH_SLUG}, ${STACK}. */
export function stackVars(id: StackIdentity): Record<string, string | undefined> {
  return { BRANCH: id.branch, BRANCH_SLUG: id.slug, STACK: id.stack };
}
