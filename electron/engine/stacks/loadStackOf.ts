// Loads the stack file a running stack was brought up from, with the same variables, using only
// what the engine's labels say (file, branch): redeploy needs nothing else from the user. Of the
// services with profiles, the stack has those that run in it: whichever profiles `up` was given.

import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { branchSlug } from '../../../shared/stack/naming.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { type LoadedStackFile, loadStackFile, readStackFileText } from '../stackfile/loadStackFile.ts';
import { inspectStack } from './inspectStacks.ts';

export async function loadStackOf(docker: Docker, stack: string): Promise<{ status: StackStatus; loaded: LoadedStackFile }> {
  const status = await inspectStack(docker, stack);
  if (!status || status.services.length === 0) throw new BranchyardError('not-found', `no stack named '${stack}' with services (see branchyard ls)`);
  if (!status.file) throw new BranchyardError('not-found', `stack '${stack}' does not say which file it came from`);
  const { text } = readStackFileText(status.file);
  const loaded = loadStackFile(status.file, text, {
    vars: { BRANCH: status.branch, BRANCH_SLUG: status.branch ? branchSlug(status.branch) : undefined, STACK: stack },
    profiles: ['*'],
  });
  const running = new Set(status.services.map((s) => s.name));
  const services = loaded.template.services.filter((s) => !s.profiles?.length || running.has(s.name));
  const profiles = [...new Set(services.flatMap((s) => s.profiles ?? []))].sort();
  const { profiles: _all, ...rest } = loaded.template;
  return { status, loaded: { ...loaded, template: { ...rest, services, ...(profiles.length ? { profiles } : {}) } } };
}
