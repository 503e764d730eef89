// Contract handlers for the stack operations: the orchestration the command line used to do
// itself (read and check the file before the engine is touched, resolve the stack's name,
// converge), so every front end gets the same behaviour and the same errors.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { StackFileParams } from '../../../shared/api/stacks.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';
import { buildStack, isBuilt } from '../build/buildStack.ts';
import { loadStackFile, readStackFileText } from '../stackfile/loadStackFile.ts';
import { inspectStack, inspectStacks } from './inspectStacks.ts';
import { redeploy } from './redeploy.ts';
import { type StackIdentity, identityFromFlags, resolveStackName } from './resolveStackName.ts';
import { DEFAULT_TIMEOUT_S, up } from './up.ts';

/** The variables Branchyard adds to interpolation: ${BRANCH}, ${BRANCH_SLUG}, ${STACK}. */
export function stackVars(id: StackIdentity): Record<string, string | undefined> {
  return { BRANCH: id.branch, BRANCH_SLUG: id.slug, STACK: id.stack };
}

/**
 * Reads and fully checks the file and flags before the engine is touched, so bad input changes
 * nothing. Returns the text and the template name for the engine-side steps.
 */
function checkFileFirst(p: StackFileParams): { text: string; name: string } {
  const { text, name } = readStackFileText(p.file);
  loadStackFile(p.file, text, { vars: stackVars(identityFromFlags(name, p)) });
  return { text, name };
}

function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw BranchyardError.invalid([{ field, message: 'is required' }]);
  return value;
}

export function stackRequests(ctx: EngineContext): Pick<
  RequestHandlers,
  'engineInfo' | 'listStacks' | 'inspectStack' | 'validate' | 'build' | 'up' | 'redeploy'
> {
  return {
    async engineInfo() {
      const e = await ctx.engine();
      const v = await e.docker.version();
      return { endpoint: e.endpoint, apiVersion: e.apiVersion, version: v.Version };
    },
    async listStacks() {
      return inspectStacks((await ctx.engine()).docker);
    },
    async inspectStack(p) {
      return (await inspectStack((await ctx.engine()).docker, checkString(p.stack, 'stack'))) ?? null;
    },
    async validate(p) {
      const { text, name } = readStackFileText(checkString(p.file, 'file'));
      const id = identityFromFlags(name, p);
      const loaded = loadStackFile(p.file, text, { vars: stackVars(id) });
      return { stack: id.stack, template: loaded.template.name, services: loaded.template.services.map((s) => s.name), warnings: loaded.warnings };
    },
    async build(p, c) {
      const { text, name } = checkFileFirst({ ...p, file: checkString(p.file, 'file') });
      const services = p.services ?? [];
      const engine = await ctx.engine();
      const id = await resolveStackName(engine.docker, name, p);
      const loaded = loadStackFile(p.file, text, { vars: stackVars(id) });
      const unknown = services.filter((s) => !loaded.template.services.some((x) => x.name === s));
      const notBuilt = services.filter((s) => loaded.template.services.some((x) => x.name === s && !isBuilt(x)));
      if (unknown.length || notBuilt.length) {
        throw BranchyardError.invalid([
          ...unknown.map((s) => ({ field: 'SERVICE', message: `no service '${s}' in ${p.file}` })),
          ...notBuilt.map((s) => ({ field: 'SERVICE', message: `service '${s}' is not built (no x-s2i or build)` })),
        ]);
      }
      const results = await buildStack(engine.docker, loaded.template, {
        stack: id.stack,
        branch: id.branch,
        dir: loaded.dir,
        services: services.length ? services : undefined,
        progress: c.progress,
        signal: c.signal,
      });
      return [...results.values()].map((r) => ({ image: r.image, imageId: r.imageId, reused: r.reused, ...(r.commit ? { commit: r.commit } : {}) }));
    },
    async up(p, c) {
      const { text, name } = checkFileFirst({ ...p, file: checkString(p.file, 'file') });
      const engine = await ctx.engine();
      const id = await resolveStackName(engine.docker, name, p);
      const loaded = loadStackFile(p.file, text, { vars: stackVars(id) });
      for (const w of loaded.warnings) c.progress({ message: `warning: ${w}` });
      const result = await up(engine, loaded.template, {
        stack: id.stack,
        branch: id.branch,
        file: loaded.path,
        dir: loaded.dir,
        pool: p.pool ?? process.env.BRANCHYARD_POOL,
        wait: Boolean(p.wait),
        timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S,
        progress: c.progress,
        signal: c.signal,
      });
      const status = await inspectStack(engine.docker, id.stack);
      return { ...result, ...(status ? { status } : {}), warnings: loaded.warnings };
    },
    async redeploy(p, c) {
      const engine = await ctx.engine();
      const result = await redeploy(engine, {
        stack: checkString(p.stack, 'stack'),
        services: p.services?.length ? p.services : undefined,
        wait: Boolean(p.wait),
        timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S,
        progress: c.progress,
        signal: c.signal,
      });
      const status = result.up ? await inspectStack(engine.docker, p.stack) : undefined;
      return { stack: result.stack, commits: result.commits, ...(status ? { status } : {}) };
    },
  };
}
