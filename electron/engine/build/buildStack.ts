// Builds the images a stack's services build (x-s2i or compose build:), each once however many
// services run it. Output goes to progress and to one log file per service, kept with the stack
// so that teardown can capture it.

import { createWriteStream } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import type { S2iSpec, ServiceSpec, StackTemplate } from '../../../shared/stack/model.ts';
import type { Progress } from '../progress.ts';
import { buildLogPath, cacheDir } from '../paths.ts';
import { pushImage } from '../docker/push.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolderSync } from '../files/makeFolder.ts';
import type { OutputStream } from './containerOutput.ts';
import { dockerBuild } from './dockerBuild.ts';
import { type BuildResult, s2iBuild } from './s2i/s2iBuild.ts';

export interface BuildStackOptions {
  stack: string;
  branch?: string;
  /** The stack file's folder: relative repository paths and build contexts are resolved there. */
  dir: string;
  /** Build only these services (default: every service that builds). */
  services?: string[];
  progress: Progress;
  signal?: AbortSignal;
}

const STREAM_MARK: Record<OutputStream, string> = { stdout: 'out| ', stderr: 'err| ' };

export function isBuilt(s: ServiceSpec): boolean {
  return Boolean(s.s2i || s.build);
}

/** A repository given as a relative local path is relative to the stack file, not the shell. */
export function repositoryLocation(git: string, dir: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(git) || /^[^/\s]+@[^/\s]+:/.test(git) || isAbsolute(git)) return git;
  return resolve(dir, git);
}

/** The build settings with host paths (inject sources) made absolute against the stack file's folder. */
export function resolvedS2i(spec: S2iSpec, dir: string): S2iSpec {
  return spec.inject ? { ...spec, inject: spec.inject.map((i) => ({ ...i, source: resolve(dir, i.source) })) } : spec;
}

async function buildOne(docker: Docker, s: ServiceSpec, o: BuildStackOptions): Promise<BuildResult> {
  const logPath = buildLogPath(o.stack, s.name);
  try {
    makeFolderSync(dirname(logPath));
  } catch (e) {
    throw new BranchyardError('engine', `cannot keep the build log of service ${s.name} in ${dirname(logPath)}: ${fsReason(e)}. Set BRANCHYARD_DATA_DIR to a writable folder`, {
      service: s.name,
      file: logPath,
    });
  }
  const log = createWriteStream(logPath, { flags: 'w' });
  const lastLines: string[] = [];
  // Lines of a build container say their stream in the log (`out| `, `err| `); Branchyard's own do not.
  const onLine = (line: string, stream?: OutputStream) => {
    log.write(`${stream ? STREAM_MARK[stream] : ''}${line}\n`);
    if (lastLines.push(line) > 20) lastLines.shift();
    o.progress({ service: s.name, message: line, buildLog: true });
  };
  o.progress({ service: s.name, message: `building ${s.image}`, phase: 'building' });
  onLine(`=== build of ${s.image} for service ${s.name}, ${new Date().toISOString()}`);
  try {
    if (s.s2i) {
      // a copied working tree (x-s2i.copy) has no ref
      const ref = s.s2i.copy ? 'working tree' : (s.s2i.ref ?? o.branch);
      if (!ref) {
        throw BranchyardError.invalid([
          { service: s.name, field: `services.${s.name}.x-s2i.ref`, message: 'no ref to build: set x-s2i.ref or give the stack a --branch' },
        ]);
      }
      const result = await s2iBuild(docker, {
        service: s.name,
        spec: resolvedS2i(s.s2i, o.dir),
        ref,
        git: repositoryLocation(s.s2i.git, o.dir),
        image: s.image,
        stack: o.stack,
        cacheDir: cacheDir(),
        onLine,
        signal: o.signal,
      });
      if (s.s2i.push) await pushImage(docker, s.image, s.s2i.push, onLine);
      await removeReplaced(docker, result, onLine);
      return result;
    }
    return await dockerBuild(docker, { service: s.name, spec: s.build!, dir: o.dir, image: s.image, onLine, signal: o.signal });
  } catch (e) {
    // One event: the log's last line, which is also the service's failure (with the lines before it).
    const line = `=== build failed: ${(e as Error).message}`;
    log.write(`${line}\n`);
    const failed = o.signal?.aborted ? {} : { phase: 'failed' as const, failure: { reason: line.slice(4), lastLines: [...lastLines] } };
    o.progress({ service: s.name, message: line, buildLog: true, ...failed });
    throw e;
  } finally {
    await new Promise((r) => log.end(r));
  }
}

/**
 * The image the tag pointed to before is garbage once nothing uses it: removed now when no
 * container runs it (the engine refuses otherwise, and `up` tries again after it replaced them).
 */
async function removeReplaced(docker: Docker, result: BuildResult, onLine: (l: string) => void): Promise<void> {
  if (!result.replaced) return;
  try {
    await docker.getImage(result.replaced).remove();
    onLine(`---> removed the image it replaced (${result.replaced.replace(/^sha256:/, '').slice(0, 12)})`);
  } catch {
    // in use by a container (or already gone): left for up, which removes it after replacing them
  }
}

/** Returns every built image by reference. Fails with the first build that fails. */
export async function buildStack(docker: Docker, template: StackTemplate, o: BuildStackOptions): Promise<Map<string, BuildResult>> {
  const builders = new Map<string, ServiceSpec>();
  for (const s of template.services) {
    if (!isBuilt(s) || (o.services && !o.services.includes(s.name))) continue;
    const other = builders.get(s.image);
    if (other) {
      throw BranchyardError.invalid([
        { service: s.name, field: `services.${s.name}.image`, message: `services '${other.name}' and '${s.name}' both build ${s.image}: let one build it and the other use it` },
      ]);
    }
    builders.set(s.image, s);
  }
  const results = new Map<string, BuildResult>();
  // Settled, not all: a failed build must not leave the others running unwatched.
  const settled = await Promise.allSettled(
    [...builders.values()].map(async (s) => {
      results.set(s.image, await buildOne(docker, s, o));
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
