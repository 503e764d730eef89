// Contract handlers for the stack operations: the orchestration the command line used to do
// itself (read and check the file before the engine is touched, resolve the stack's name,
// converge), so every front end gets the same behaviour and the same errors. `up` and `redeploy`
// run under the stack's lock (stackLock.ts), as `down` does: one operation per stack at a time.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import type { StackFileParams, UpParams } from '../../../shared/api/stacks.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';
import { buildStack, isBuilt } from '../build/buildStack.ts';
import { s2iUsage } from '../build/s2i/usage.ts';
import { checkS2iOverrides } from '../build/s2iOverrides.ts';
import type { StackTemplate } from '../../../shared/stack/model.ts';
import { parsePool } from '../networks/allocateSubnet.ts';
import { dirname } from 'node:path';
import { rename, writeFile } from 'node:fs/promises';
import { makeFolder } from '../files/makeFolder.ts';
import { type LoadedStackFile, loadStackFile } from '../stackfile/loadStackFile.ts';
import { type FileAccess, type StackFileText, keepAs, stackFileOf } from '../stackfile/stackFileSource.ts';
import { type StackListing, inspectStack, inspectStacks, listStack, stackOf } from './inspectStacks.ts';
import { redeploy } from './redeploy.ts';
import { type StackIdentity, identityFromFlags, resolveStackName } from './resolveStackName.ts';
import { DEFAULT_TIMEOUT_S, type UpOptions, planStack, up } from './up.ts';
import { removeWithCapture } from '../capture/removeWithCapture.ts';
import type { CaptureSummary } from '../../../shared/api/captures.ts';
import type { CallContext } from '../api/host.ts';
import { withStackLock } from './stackLock.ts';
import { templatesFolder } from '../templates/templateFiles.ts';
import { recordTemplateUse } from '../templates/templateUse.ts';
import { stableJson } from './stableJson.ts';
import { log } from '../log/logger.ts';

/** The variables Branchyard adds to interpolation: ${BRANCH}, ${BRANCH_SLUG}, ${STACK}. */
export function stackVars(id: StackIdentity): Record<string, string | undefined> {
  return { BRANCH: id.branch, BRANCH_SLUG: id.slug, STACK: id.stack };
}

/**
 * Reads (under the front end's file access) and fully checks the file and flags before the
 * engine is touched, so bad input changes nothing.
 */
function checkFileFirst(ctx: EngineContext, p: StackFileParams, access: FileAccess): { src: StackFileText; id: StackIdentity; loaded: LoadedStackFile; profiles?: string[] } {
  const src = stackFileOf(p, access, () => templatesFolder(ctx.settings));
  const id = identityFromFlags(src.name, p);
  const profiles = profilesOf(p);
  const loaded = loadStackFile(src.file, src.text, { vars: stackVars(id), confine: src.confine, profiles });
  if (src.confine) refuseHostFiles(loaded.template);
  return { src, id, profiles, loaded };
}

/**
 * A file a page sent may not name files of this machine outside its folder: x-s2i.inject and
 * x-s2i.copy read any host path at build time (env_file is confined by the loader already).
 */
function refuseHostFiles(template: StackTemplate): void {
  const issues = template.services.flatMap((s) => [
    ...(s.s2i?.inject?.length ? [{ service: s.name, field: `services.${s.name}.x-s2i.inject`, message: 'inject names files of the engine\'s machine: only a stack file given on the command line may use it' }] : []),
    ...(s.s2i?.copy ? [{ service: s.name, field: `services.${s.name}.x-s2i.copy`, message: 'copy builds a folder of the engine\'s machine: only a stack file given on the command line may use it' }] : []),
  ]);
  if (issues.length) throw BranchyardError.invalid(issues);
}

/** `profiles` of the request: names of profiles, checked like every other input. */
function profilesOf(p: StackFileParams): string[] | undefined {
  if (p.profiles === undefined) return undefined;
  const bad = !Array.isArray(p.profiles) ? [String(p.profiles)] : p.profiles.filter((x) => typeof x !== 'string' || !/^([a-zA-Z0-9][a-zA-Z0-9_.-]*|\*)$/.test(x));
  if (bad.length) throw BranchyardError.invalid(bad.map((b) => ({ field: '--profile', message: `'${String(b)}' is not a profile name (letters, digits, _ . -, or *)` })));
  return p.profiles;
}

/** Content a page sent is kept where the stack's label points, so redeploy can read it again. */
async function keepSentFile(src: StackFileText, stack: string): Promise<void> {
  if (!src.sent) return;
  const path = keepAs(stack);
  await makeFolder(dirname(path));
  await writeFile(`${path}.${process.pid}.tmp`, src.text);
  await rename(`${path}.${process.pid}.tmp`, path);
}

function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw BranchyardError.invalid([{ field, message: 'is required' }]);
  return value;
}

/**
 * The pool stacks without a subnet of their own take a /24 from: --pool, else BRANCHYARD_POOL,
 * else the subnetPool setting (checked when the settings were read). Checked with the file,
 * before the engine is touched.
 */
function poolOf(ctx: EngineContext, p: UpParams): string {
  const given = p.pool || process.env.BRANCHYARD_POOL || undefined;
  if (given === undefined) return ctx.settings.get().subnetPool;
  const parsed = parsePool(given);
  if ('error' in parsed) throw BranchyardError.invalid([{ field: p.pool ? '--pool' : 'BRANCHYARD_POOL', message: parsed.error }]);
  return given;
}

/** The file read and checked, the engine connected and the stack's name resolved. */
async function openStackFile(ctx: EngineContext, p: StackFileParams & Pick<UpParams, 'pool'>, access: FileAccess) {
  const first = checkFileFirst(ctx, p, access);
  const { src } = first;
  const pool = poolOf(ctx, p);
  const engine = await ctx.engine();
  const id = await resolveStackName(engine.docker, src.name, p);
  return { engine, id, loaded: reloadFor(id, first), src, pool };
}

/**
 * The file loaded for the stack's resolved identity. Read again only when the name changed
 * (${STACK}, and where sent content is kept, follow it): usually the check read it once and for all.
 */
function reloadFor(id: StackIdentity, first: ReturnType<typeof checkFileFirst>): LoadedStackFile {
  const { src } = first;
  const file = src.sent ? keepAs(id.stack) : src.file;
  const same = file === src.file && stableJson(stackVars(id)) === stableJson(stackVars(first.id));
  return same ? first.loaded : loadStackFile(file, src.text, { vars: stackVars(id), confine: src.confine, profiles: first.profiles });
}

/** Seconds until `deadline`, never zero (a zero timeout would mean "no wait" to some waits). */
function secondsLeft(deadline: number): number {
  return Math.max(0.001, (deadline - Date.now()) / 1000);
}

function upOptions(p: UpParams, pool: string, id: StackIdentity, loaded: LoadedStackFile, c: CallContext): UpOptions {
  return {
    stack: id.stack,
    branch: id.branch,
    file: loaded.path,
    dir: loaded.dir,
    pool,
    wait: Boolean(p.wait),
    timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S,
    keepOrphans: Boolean(p.keepOrphans),
    progress: c.progress,
    signal: c.signal,
  };
}

/** Errors that are no news: nothing was changed (bad input, an unknown stack) or the user stopped it. */
const NOT_NEWS = new Set(['invalid-input', 'cancelled', 'not-found']);

/**
 * Runs an `up` or `redeploy` and tells the webhook how it ended (ctx.announcer): ready, or failed
 * with the engine's reason. `isNews`: whether a success changed anything worth telling (a
 * redeploy with no new commit did not). The announcement is sent, never awaited.
 */
async function announced<R extends { status?: StackStatus }>(
  ctx: EngineContext,
  stack: string,
  branch: string | undefined,
  run: () => Promise<R>,
  isNews: (r: R) => boolean = () => true,
): Promise<R> {
  let result: R;
  try {
    result = await run();
  } catch (e) {
    const kind = (e as { kind?: string })?.kind;
    if (!kind || !NOT_NEWS.has(kind)) {
      const reason = ((e as Error)?.message ?? String(e)).split('\n')[0];
      ctx.announcer?.announce({ kind: 'failed', stack, ...(branch ? { branch } : {}), status: 'failed', reason });
    }
    throw e;
  }
  if (isNews(result)) {
    const b = result.status?.branch ?? branch;
    ctx.announcer?.announce({ kind: 'ready', stack, ...(b ? { branch: b } : {}), status: result.status?.status ?? 'running' });
  }
  return result;
}

/** `access`: what the front end may name on the engine's machine (see stackFileSource.ts). */
/** SERVICE arguments of build and --usage: services of the file that build. */
function checkBuiltServices(loaded: { template: StackTemplate; path: string }, services: string[]): void {
  const unknown = services.filter((s) => !loaded.template.services.some((x) => x.name === s));
  const notBuilt = services.filter((s) => loaded.template.services.some((x) => x.name === s && !isBuilt(x)));
  if (unknown.length || notBuilt.length) {
    throw BranchyardError.invalid([
      ...unknown.map((s) => ({ field: 'SERVICE', message: `no service '${s}' in ${loaded.path}` })),
      ...notBuilt.map((s) => ({ field: 'SERVICE', message: `service '${s}' is not built (no x-s2i or build)` })),
    ]);
  }
}

export function stackRequests(ctx: EngineContext, access: FileAccess = 'any'): Pick<
  RequestHandlers,
  'engineInfo' | 'listStacks' | 'inspectStack' | 'validate' | 'convert' | 'build' | 's2iUsage' | 'plan' | 'up' | 'redeploy'
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
      const { id, loaded } = checkFileFirst(ctx, p, access);
      return { stack: id.stack, template: loaded.template.name, services: loaded.template.services.map((s) => s.name), warnings: loaded.warnings };
    },
    async convert(p) {
      const { id, loaded } = checkFileFirst(ctx, p, access);
      return { stack: id.stack, template: loaded.template, warnings: loaded.warnings };
    },
    async build(p, c) {
      const services = p.services ?? [];
      const overlay = checkS2iOverrides(p.s2i, access);
      const { engine, id, loaded } = await openStackFile(ctx, p, access);
      checkBuiltServices(loaded, services);
      const template = p.s2i ? { ...loaded.template, services: loaded.template.services.map((s) => (s.s2i && (!services.length || services.includes(s.name)) ? { ...s, s2i: overlay(s.s2i) } : s)) } : loaded.template;
      const results = await buildStack(engine.docker, template, {
        stack: id.stack,
        branch: id.branch,
        dir: loaded.dir,
        services: services.length ? services : undefined,
        progress: c.progress,
        signal: c.signal,
      });
      return [...results.values()].map((r) => ({ image: r.image, imageId: r.imageId, reused: r.reused, ...(r.commit ? { commit: r.commit } : {}) }));
    },
    async s2iUsage(p, c) {
      const services = p.services ?? [];
      const overlay = checkS2iOverrides(p.s2i, access);
      const { engine, id, loaded } = await openStackFile(ctx, p, access);
      checkBuiltServices(loaded, services);
      const named = loaded.template.services.filter((s) => s.s2i && (!services.length || services.includes(s.name)));
      if (!named.length) throw BranchyardError.invalid([{ field: 'SERVICE', message: `no service of ${loaded.path} builds with x-s2i` }]);
      const out = [];
      for (const s of named) {
        const spec = overlay(s.s2i!);
        out.push({ service: s.name, builder: spec.builder, usage: await s2iUsage(engine.docker, spec, { service: s.name, stack: id.stack, onLine: (m) => c.progress({ service: s.name, message: m }), signal: c.signal }) });
      }
      return out;
    },
    async plan(p, c) {
      const { engine, id, loaded, pool } = await openStackFile(ctx, p, access);
      const plan = await planStack(engine, loaded.template, upOptions(p, pool, id, loaded, c));
      return { plan, warnings: loaded.warnings };
    },
    async up(p, c) {
      const first = checkFileFirst(ctx, p, access);
      const { src } = first;
      const pool = poolOf(ctx, p);
      const engine = await ctx.engine();
      for (const w of first.loaded.warnings) c.progress({ message: `warning: ${w}` });
      const deadline = Date.now() + (p.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000;
      const converge = (id: StackIdentity, listed: StackListing) => announced(ctx, id.stack, id.branch, () => convergeOnce(id, listed));
      const convergeOnce = async (id: StackIdentity, listed: StackListing) => {
        await keepSentFile(src, id.stack);
        const loaded = reloadFor(id, first);
        let orphansCapture: CaptureSummary | undefined;
        const result = await up(engine, loaded.template, {
          ...upOptions(p, pool, id, loaded, c),
          // The wait for the lock counted against --timeout: what is left bounds the up.
          timeoutS: secondsLeft(deadline),
          listed,
          removeOrphans: async (orphans) => {
            const status = await inspectStack(engine.docker, id.stack);
            const gone = new Set(orphans.map((o) => o.containerId));
            const services = (status?.services ?? []).filter((s) => gone.has(s.containerId));
            if (!status || services.length === 0) return;
            orphansCapture = await removeWithCapture(engine.docker, { ...status, services }, {
              captureDir: ctx.settings.get().captureDir,
              progress: c.progress,
              signal: c.signal,
            });
          },
        });
        const status = await inspectStack(engine.docker, id.stack);
        // For the Templates screen and the branch completion: when and for which branch.
        // A hint only: settings this user cannot read must not fail an up that succeeded.
        try {
          recordTemplateUse(templatesFolder(ctx.settings), src.file, id.branch);
        } catch (e) {
          log.warn(`recording the use of ${src.file} as a template`, e);
        }
        return { ...result, ...(orphansCapture ? { orphansCapture } : {}), ...(status ? { status } : {}), warnings: loaded.warnings };
      };
      // The name is resolved under the lock of the name the flags give, which it almost always
      // stays: then what resolving read is current, and the plan starts from that same read.
      // When another branch owns that name, the up moves to a name of its own, under its lock.
      const attempt = (stack: string, resolved?: StackIdentity) =>
        withStackLock(stack, 'up', { progress: c.progress, signal: c.signal, deadline }, async () => {
          const listed = await listStack(engine.docker, stack, c.signal);
          const id = resolved ?? (await resolveStackName(engine.docker, src.name, p, { stack: stackOf(stack, listed) }));
          return id.stack === stack ? { done: await converge(id, listed) } : { moved: id };
        });
      const r = await attempt(first.id.stack);
      if (r.done) return r.done;
      const moved = await attempt(r.moved.stack, r.moved);
      if (!moved.done) throw new Error(`internal: up of ${r.moved.stack} moved again`);
      return moved.done;
    },
    async redeploy(p, c) {
      const engine = await ctx.engine();
      const stack = checkString(p.stack, 'stack');
      const deadline = Date.now() + (p.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000;
      const run = async () => {
        const result = await redeploy(engine, {
          stack,
          services: p.services?.length ? p.services : undefined,
          wait: Boolean(p.wait),
          timeoutS: secondsLeft(deadline),
          dryRun: Boolean(p.dryRun),
          progress: c.progress,
          signal: c.signal,
        });
        const status = result.up ? await inspectStack(engine.docker, stack) : undefined;
        return { stack: result.stack, commits: result.commits, ...(result.plan ? { plan: result.plan } : {}), ...(status ? { status } : {}) };
      };
      // A dry run changes nothing, like `plan`: it needs no lock, and is no news.
      if (p.dryRun) return run();
      return withStackLock(stack, 'redeploy', { progress: c.progress, signal: c.signal, deadline }, () =>
        announced(ctx, stack, undefined, run, (r) => Boolean(r.status)),
      );
    },
  };
}
