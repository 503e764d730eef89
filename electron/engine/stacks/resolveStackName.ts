// Which stack an `up` addresses: --name as given, else <template>-<branch slug>, made unique when
// another branch already owns that name (see shared/stack/naming.ts for the slug rule).

import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import { baseStackName, checkBranch, stackNameProblem } from '../../../shared/stack/naming.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { inspectStack } from './inspectStacks.ts';

export interface StackIdentity {
  stack: string;
  branch?: string;
  slug?: string;
}

/** Checks --branch and --name without the engine; returns the identity before any collision. */
export function identityFromFlags(template: string, o: { branch?: string; name?: string }): StackIdentity {
  const issues: Issue[] = [];
  let slug: string | undefined;
  if (o.branch !== undefined) {
    const r = checkBranch(o.branch);
    if ('issue' in r) issues.push(r.issue);
    else slug = r.slug;
  }
  const stack = o.name ?? (slug ? baseStackName(template, slug) : template);
  const problem = stackNameProblem(stack);
  if (problem) issues.push({ field: o.name ? '--name' : 'name', message: problem });
  if (issues.length) throw BranchyardError.invalid(issues);
  return { stack, branch: o.branch, slug };
}

/**
 * Resolves a collision of slugs against the stacks the engine has. `seen`: the stack the flags
 * name, as the caller has just read it (undefined: there is none), saving a read.
 */
export async function resolveStackName(
  docker: Docker,
  template: string,
  o: { branch?: string; name?: string },
  seen?: { stack: StackStatus | undefined },
): Promise<StackIdentity> {
  const id = identityFromFlags(template, o);
  const existing = seen ? seen.stack : await inspectStack(docker, id.stack);
  if (!existing) return id;
  if (existing.template && existing.template !== template) {
    throw BranchyardError.invalid([
      { field: o.name ? '--name' : 'name', message: `stack '${id.stack}' already exists from template '${existing.template}', not '${template}'` },
    ]);
  }
  if (o.name || existing.branch === o.branch) return id;
  // Another branch with the same slug owns the name: this branch gets a name of its own.
  const suffix = createHash('sha256').update(o.branch ?? '').digest('hex').slice(0, 6);
  const stack = `${id.stack.slice(0, 56)}-${suffix}`;
  const other = await inspectStack(docker, stack);
  if (other && other.branch !== o.branch) {
    throw BranchyardError.invalid([{ field: '--branch', message: `stacks '${id.stack}' and '${stack}' belong to other branches: use --name` }]);
  }
  return { ...id, stack };
}
