// `redeploy`: fetch the branch again and, where the commit changed, rebuild and replace only the
// services built from it and those running the same image, on the same IPs. Everything else (the
// databases and their data) is not touched. An unchanged commit builds nothing.

import type { Engine } from '../docker/connect.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { repositoryLocation } from '../build/buildStack.ts';
import { resolveCommit } from '../build/source/gitSource.ts';
import { cacheDir } from '../paths.ts';
import { type Progress, silent } from '../progress.ts';
import { loadStackOf } from './loadStackOf.ts';
import { type UpResult, planStack, up } from './up.ts';
import type { UpPlan } from '../../../shared/api/plan.ts';

export interface RedeployOptions {
  stack: string;
  /** Limit to these services (a service running a built image stands for the service building it). */
  services?: string[];
  wait?: boolean;
  timeoutS?: number;
  /** Resolve the commits and plan, change nothing. */
  dryRun?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface RedeployResult {
  stack: string;
  /** Per built service: the commit running before and the one now at the ref. */
  commits: { service: string; before?: string; after: string; changed: boolean }[];
  up?: UpResult;
  /** The plan run (or, with dryRun, that would run) for the changed services. */
  plan?: UpPlan;
}

export async function redeploy(engine: Engine, o: RedeployOptions): Promise<RedeployResult> {
  const progress = o.progress ?? silent;
  const { status, loaded } = await loadStackOf(engine.docker, o.stack);
  const { template } = loaded;
  const known = new Set(template.services.map((s) => s.name));
  for (const name of o.services ?? []) {
    if (!known.has(name)) throw BranchyardError.invalid([{ field: 'SERVICE', message: `stack '${o.stack}' has no service '${name}'` }]);
  }
  const wantedImages = new Set(template.services.filter((s) => !o.services || o.services.includes(s.name)).map((s) => s.image));
  const builders = template.services.filter((s) => s.s2i && wantedImages.has(s.image));
  if (builders.length === 0) throw BranchyardError.invalid([{ field: 'SERVICE', message: `nothing in stack '${o.stack}' is built from source` }]);

  const commits: RedeployResult['commits'] = [];
  await Promise.all(
    builders.map(async (s) => {
      const ref = s.s2i!.ref ?? status.branch;
      if (!ref) throw BranchyardError.invalid([{ service: s.name, message: 'no ref to build: the stack has no branch and x-s2i.ref is not set' }]);
      progress({ service: s.name, message: `fetching ${s.s2i!.git} ${ref}` });
      const commit = await resolveCommit(repositoryLocation(s.s2i!.git, loaded.dir), ref, { cacheDir: cacheDir(), signal: o.signal });
      const before = status.services.find((x) => x.name === s.name)?.commit;
      commits.push({ service: s.name, before, after: commit.id, changed: before !== commit.id });
    }),
  );
  const changedImages = new Set(template.services.filter((s) => commits.some((c) => c.changed && c.service === s.name)).map((s) => s.image));
  if (changedImages.size === 0) {
    for (const c of commits) progress({ service: c.service, message: `at ${c.after.slice(0, 12)} already: nothing to redeploy` });
    return { stack: o.stack, commits };
  }
  const only = template.services.filter((s) => changedImages.has(s.image)).map((s) => s.name);
  const upOptions = {
    stack: o.stack,
    branch: status.branch,
    file: loaded.path,
    dir: loaded.dir,
    only,
    wait: o.wait,
    timeoutS: o.timeoutS,
    progress,
    signal: o.signal,
  };
  if (o.dryRun) return { stack: o.stack, commits, plan: await planStack(engine, template, upOptions) };
  progress({ message: `redeploying ${only.join(', ')}` });
  const result = await up(engine, template, upOptions);
  return { stack: o.stack, commits, up: result, plan: result.plan };
}
