// A source-to-image build on the Docker API, following openshift/source-to-image (see
// ../../../../docs/builds.md): fetch the commit, find the scripts, restore artifacts of the previous
// image, run assemble in a container from the builder with the source uploaded, commit the result
// with s2i's labels (or, with runtime_image, run assemble-runtime on the runtime image and commit
// that). Only a successful build ever tags an image.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { S2iSpec } from '../../../../shared/stack/model.ts';
import { ensureImage } from '../../docker/images.ts';
import { LABEL } from '../../docker/labels.ts';
import { type FetchedSource, fetchSource } from '../source/gitSource.ts';
import { concatArchives, submoduleParts } from '../source/submodules.ts';
import { copySource } from '../source/workingTree.ts';
import type { OutputStream } from '../containerOutput.ts';
import { cancelled, runContainer } from '../runContainer.ts';
import { packFiles, repack, tarFileNames } from '../tarUpload.ts';
import { type BuilderImage, builderFromInspect } from './builderImage.ts';
import { imageUser } from './imageUser.ts';
import { type ScriptPlan, externalInputsDigest, locateScripts } from './scripts.ts';
import { injectingCommand, injectionArchive } from './inject.ts';
import { ASSEMBLE_INPUT_FILES_LABEL, type RuntimeArtifact, artifactsFromLabel, artifactsUpload, collectArtifacts, runtimeScriptsDir } from './runtimeImage.ts';
import { parseS2iEnvironment } from '../../../../shared/stack/s2iEnvironment.ts';
import { parseUidRanges, uidAllowed } from '../../../../shared/stack/uidRanges.ts';
import { labelSizeProblem, s2iOutputLabels } from './s2iLabels.ts';
import { assembledLabels, commitImage } from './commitImage.ts';
import { parseS2iIgnore, sourceFilter } from './sourceFilter.ts';

/** Bumped when the way images are built changes, so old images are not reused as if current. */
// 2: s2i's label values, .s2iignore, helpers of .s2i/bin kept, image_metadata.json labels
const RECIPE = 'branchyard-s2i-2';

export interface S2iBuildRequest {
  service: string;
  spec: S2iSpec;
  /** The ref to build (x-s2i.ref or the stack's branch). */
  ref: string;
  /** Repository URL or absolute path. */
  git: string;
  /** Tag of the result. */
  image: string;
  /** The stack the build is for: it names the build's containers. */
  stack: string;
  /** Where repository mirrors are kept. */
  cacheDir: string;
  /** A line of the build's output; `stream` says which stream of a build container it came from. */
  onLine: (line: string, stream?: OutputStream) => void;
  signal?: AbortSignal;
}

export interface BuildResult {
  image: string;
  imageId: string;
  /** True when an image of the same inputs existed and nothing was built. */
  reused: boolean;
  /** The image the tag pointed to before this build, now untagged: removed once unused. */
  replaced?: string;
  commit?: { id: string; ref: string; author: string; date: string; message: string; location: string };
}

/**
 * Build containers carry no labels: a commit merges the container's labels into the image, and
 * every container of the result would then look like part of a stack or a build. They are found
 * by name instead (branchyard-build-<stack>-<service>-...) and removed when the build ends.
 */
function buildContainerName(req: S2iBuildRequest, step: string): string {
  return `branchyard-build-${req.stack}-${req.service}-${step}-${process.pid}-${Date.now().toString(36)}`;
}

async function buildEnvironment(source: FetchedSource, spec: S2iSpec, onLine: (l: string) => void): Promise<Record<string, string>> {
  const path = spec.contextDir === '.' ? '.s2i/environment' : `${spec.contextDir}/.s2i/environment`;
  const text = await source.readFile(path);
  const fromSource: Record<string, string> = {};
  if (text) {
    const parsed = parseS2iEnvironment(text.toString('utf8'));
    for (const p of parsed.problems) onLine(`warning: ${path}:${p.line}: ${p.message}`);
    Object.assign(fromSource, parsed.values);
  }
  return { ...fromSource, ...spec.env };
}

/**
 * What of the source stays out of the upload: the scripts taken from .s2i/bin (s2i moves them to
 * the scripts folder; other files there stay), what .s2iignore names, and x-s2i.exclude.
 */
async function sourceSkip(source: FetchedSource, spec: S2iSpec, scripts: ScriptPlan, onLine: (l: string) => void): Promise<(name: string, isDir: boolean) => boolean> {
  const moved = new Set(scripts.fromSource.map((n) => `.s2i/bin/${n}`));
  const path = spec.contextDir === '.' ? '.s2iignore' : `${spec.contextDir}/.s2iignore`;
  const text = await source.readFile(path);
  const parsed = text ? parseS2iIgnore(text.toString('utf8')) : undefined;
  for (const p of parsed?.problems ?? []) onLine(`warning: ${path}:${p.line}: ${p.message}`);
  if (parsed?.rules.length) onLine(`---> ${path}: ${parsed.rules.length} pattern(s) leave files out of the source`);
  const filter = sourceFilter({ ignore: parsed?.rules, exclude: spec.exclude !== undefined ? new RegExp(spec.exclude) : undefined });
  return (name, isDir) => moved.has(name) || filter(name, isDir);
}

/** The committed source of the context dir, with its submodules checked out unless ignore_submodules. */
async function sourceArchive(source: FetchedSource, spec: S2iSpec, req: S2iBuildRequest): Promise<NodeJS.ReadableStream> {
  // A copied working tree has its submodules checked out already.
  const subs = spec.ignoreSubmodules || spec.copy
    ? []
    : await submoduleParts(source.mirror, source.commit.location, source.commit.id, spec.contextDir === '.' ? '' : spec.contextDir, {
        cacheDir: req.cacheDir,
        signal: req.signal,
        onOutput: req.onLine,
      });
  const main = await source.archive(spec.contextDir);
  return subs.length ? concatArchives([{ prefix: '', open: () => main }, ...subs]) : main;
}

/** s2i's --allowed-uids: the assemble user must be a number in the ranges (a name cannot be checked). */
function checkAllowedUser(builder: BuilderImage, allowed: string, service: string): void {
  const parsed = parseUidRanges(allowed);
  const user = builder.assembleUser.split(':')[0] ?? '';
  const ok = 'ranges' in parsed && (user === '' ? uidAllowed(0, parsed.ranges) : /^\d+$/.test(user) && uidAllowed(Number(user), parsed.ranges));
  if (!ok) {
    throw new BranchyardError(
      'invalid-input',
      `image ${builder.ref} must specify a user that is numeric and within the range of allowed users (x-s2i.allowed_uids ${allowed}; the assemble user is '${builder.assembleUser || 'root'}')`,
      { service, image: builder.ref, field: `services.${service}.x-s2i.allowed_uids` },
    );
  }
}

/** s2i's --incremental-pull-policy for the previous image: a failed pull only means a clean build. */
async function pullPrevious(docker: Docker, req: S2iBuildRequest): Promise<void> {
  const policy = req.spec.incrementalPullPolicy ?? 'if-not-present';
  if (policy === 'never') return;
  try {
    await ensureImage(docker, req.image, (e) => req.onLine(e.message), req.service, { always: policy === 'always' });
  } catch (e) {
    req.onLine(`---> previous image ${req.image} not pulled (${(e as Error).message.split('\n')[0]}): using what the engine has`);
  }
}

/** What the result depends on: the same inputs give the same image, so it is reused. */
export function buildInputsHash(commitId: string, builderId: string, spec: S2iSpec, scriptsDigest?: string): string {
  const inputs = { RECIPE, commitId, builderId, env: spec.env, contextDir: spec.contextDir, scriptsUrl: spec.scriptsUrl ?? null, scripts: scriptsDigest ?? null, exclude: spec.exclude ?? null, ignoreSubmodules: spec.ignoreSubmodules ?? false,
    assembleUser: spec.assembleUser ?? null, copy: spec.copy ?? false, runtimeImage: spec.runtimeImage ?? null, runtimeArtifacts: spec.runtimeArtifacts ?? null, inject: spec.inject?.map((i) => i.destination) ?? null };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/** Runs save-artifacts in the previous image; any failure is a warning and a clean build. */
async function previousArtifacts(
  docker: Docker,
  req: S2iBuildRequest,
  builder: BuilderImage,
  scripts: ScriptPlan,
  /** Id of the image the tag points to now, if any. */
  previous: string | undefined,
): Promise<Buffer | undefined> {
  const save = scripts.paths['save-artifacts'];
  if (!previous || !save) {
    req.onLine(`---> incremental build: ${previous ? 'no save-artifacts script' : 'no previous image'}, building clean`);
    return undefined;
  }
  try {
    req.onLine(`---> saving artifacts of the previous image`);
    // The previous image's own save-artifacts, as s2i runs it: nothing is uploaded, so a script
    // of .s2i/bin or a scripts URL is the copy that image was built with (in <destination>/scripts).
    const result = await runContainer(
      docker,
      {
        Image: previous,
        Cmd: [save],
        Entrypoint: [''],
        User: builder.assembleUser,
        name: buildContainerName(req, 'save-artifacts'),
      },
      {
        collectStdout: true,
        onLine: (l, stream) => req.onLine(`save-artifacts: ${l}`, stream),
        signal: req.signal,
      },
    );
    if (result.exitCode !== 0) throw new Error(`save-artifacts exited with code ${result.exitCode}`);
    const names = await tarFileNames(result.stdout!);
    req.onLine(`---> restoring ${names.length} artifact entries`);
    return names.length ? result.stdout : undefined;
  } catch (e) {
    if (req.signal?.aborted) throw cancelled();
    req.onLine(`warning: incremental build failed to save artifacts (${(e as Error).message}): building clean`);
    return undefined;
  }
}

export async function s2iBuild(docker: Docker, req: S2iBuildRequest): Promise<BuildResult> {
  const { spec } = req;
  let builder: BuilderImage;
  try {
    await ensureImage(docker, spec.builder, (e) => req.onLine(e.message), req.service);
    builder = builderFromInspect(spec.builder, await docker.getImage(spec.builder).inspect());
  } catch (e) {
    throw new BranchyardError('not-found', `unable to get ${spec.builder}: ${(e as Error).message}`, { service: req.service, image: spec.builder });
  }
  if (spec.assembleUser) builder = { ...builder, assembleUser: spec.assembleUser };
  if (spec.allowedUids) checkAllowedUser(builder, spec.allowedUids, req.service);
  req.onLine(spec.copy ? `---> copying the working tree of ${req.git}` : `---> fetching ${req.git} ${req.ref}`);
  const source = spec.copy ? copySource(req.git) : await fetchSource(req.git, req.ref, { cacheDir: req.cacheDir, signal: req.signal, onOutput: req.onLine });
  const { commit } = source;
  req.onLine(`---> commit ${commit.id.slice(0, 12)} ${commit.message.split('\n')[0]}`);

  // Scripts behind a file:// or http(s):// scripts_url and injected files are inputs too: they change outside git.
  const inputs = buildInputsHash(commit.id, builder.id, spec, await externalInputsDigest(spec));
  if (spec.incremental) await pullPrevious(docker, req);
  const existing = await docker
    .getImage(req.image)
    .inspect()
    .catch(() => undefined);
  if (existing && existing.Config?.Labels?.[LABEL.buildInputs] === inputs) {
    req.onLine(`---> ${req.image} is up to date (same commit, builder and settings): not rebuilt`);
    return { image: req.image, imageId: existing.Id, reused: true, commit };
  }

  const scripts = await locateScripts(spec, builder, source);
  scripts.warnings.forEach((w) => req.onLine(`warning: ${w}`));
  const env = {
    // What OpenShift's builds tell the application about its source, so an app can report it.
    ...(spec.copy ? {} : { OPENSHIFT_BUILD_COMMIT: commit.id, OPENSHIFT_BUILD_REFERENCE: commit.ref }),
    OPENSHIFT_BUILD_SOURCE: commit.location,
    ...(await buildEnvironment(source, spec, req.onLine)),
  };
  const envList = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const artifacts = spec.incremental ? await previousArtifacts(docker, req, builder, scripts, existing?.Id) : undefined;

  // Owned as s2i's in-container tar would leave them: the assemble user and its primary group.
  const owner = await imageUser(docker, builder.id, builder.assembleUser, buildContainerName(req, 'user'), spec.builder);
  const skip = await sourceSkip(source, spec, scripts, req.onLine);
  const uploads: [string, Readable][] = [[builder.destination, repack(await sourceArchive(source, spec, req), 'src', owner, skip)]];
  if (spec.inject?.length) uploads.push(['/', injectionArchive(spec.inject, builder.workdir, owner)]);
  if (scripts.upload.length) uploads.push([builder.destination, packFiles('scripts', scripts.upload, owner)]);
  if (artifacts) uploads.push([builder.destination, repack(Readable.from([artifacts]), 'artifacts', owner)]);

  const buildLabels: Record<string, string> = {
    ...s2iOutputLabels({ builder: spec.builder, tag: req.image, commit, info: source.s2iInfo, contextDir: spec.contextDir, copied: spec.copy }),
    [LABEL.buildInputs]: inputs,
  };
  const runtime = spec.runtimeImage ? await prepareRuntime(docker, req, builder) : undefined;
  let runtimeInput: { artifacts: Buffer; labels: Record<string, string> } | undefined;
  req.onLine(`---> assembling with ${spec.builder} as user ${builder.assembleUser || 'root'}`);
  let imageIdResult = '';
  const result = await runContainer(
    docker,
    {
      Image: builder.id,
      // Injected files leave in the same container, before the commit (s2i wraps assemble alike).
      Cmd: spec.inject?.length ? injectingCommand(scripts.paths.assemble!, spec.inject, builder.workdir) : [scripts.paths.assemble!],
      // s2i clears the builder's entrypoint for assemble and gives it back to the result.
      ...(builder.entrypoint ? { Entrypoint: [''] } : {}),
      User: builder.assembleUser,
      Env: envList,
      name: buildContainerName(req, 'assemble'),
    },
    {
      uploads,
      onLine: req.onLine,
      signal: req.signal,
      beforeRemove: async (container, exitCode) => {
        if (exitCode !== 0 || req.signal?.aborted) return;
        if (runtime) {
          // the two-image build: what the runtime stage needs, read before the container goes
          runtimeInput = { artifacts: await collectArtifacts(container, runtime.artifacts), labels: await assembledLabels(container) };
          return;
        }
        // s2i's order: the builder's labels, then the build's, then those assemble left in image_metadata.json.
        const labels = { ...builder.labels, ...buildLabels, ...(await assembledLabels(container)) };
        const tooBig = labelSizeProblem(labels);
        if (tooBig) throw new BranchyardError('invalid-input', `label validation failed for ${req.image}: ${tooBig}`, { service: req.service });
        imageIdResult = await commitImage(docker, container.id, req.image, {
          Cmd: [scripts.paths.run!],
          Entrypoint: builder.entrypoint ?? null,
          User: builder.user,
          Env: envList,
          Labels: labels,
        });
      },
    },
  );
  if (result.exitCode !== 0) {
    throw new BranchyardError(
      'service-failed',
      `non-zero exit code from ${spec.builder}: assemble exited with code ${result.exitCode}\n  last lines of the build:\n    ${result.tail.join('\n    ')}`,
      { service: req.service, image: spec.builder, logTail: result.tail },
    );
  }
  if (runtime && runtimeInput) imageIdResult = await runtimeStage(docker, req, runtime, runtimeInput, envList, buildLabels);
  req.onLine(`---> built ${req.image} (${imageIdResult.replace(/^sha256:/, '').slice(0, 12)}) from ${commit.id.slice(0, 12)}`);
  const replaced = existing && existing.Id !== imageIdResult ? existing.Id : undefined;
  return { image: req.image, imageId: imageIdResult, reused: false, commit, replaced };
}

interface PreparedRuntime {
  image: BuilderImage;
  artifacts: RuntimeArtifact[];
  scripts: string;
}

/** The runtime image of a two-image build, checked before assemble runs. */
async function prepareRuntime(docker: Docker, req: S2iBuildRequest, builder: BuilderImage): Promise<PreparedRuntime> {
  const ref = req.spec.runtimeImage!;
  let image: BuilderImage;
  try {
    await ensureImage(docker, ref, (e) => req.onLine(e.message), req.service);
    image = builderFromInspect(ref, await docker.getImage(ref).inspect());
  } catch (e) {
    throw new BranchyardError('not-found', `unable to get ${ref}: ${(e as Error).message}`, { service: req.service, image: ref });
  }
  const artifacts = req.spec.runtimeArtifacts?.length ? req.spec.runtimeArtifacts : artifactsFromLabel(builder.labels[ASSEMBLE_INPUT_FILES_LABEL]);
  if (!artifacts.length) {
    throw new BranchyardError('invalid-input', `no runtime artifacts: set x-s2i.runtime_artifacts or the label ${ASSEMBLE_INPUT_FILES_LABEL} on ${builder.ref}`, { service: req.service });
  }
  if (req.spec.allowedUids) checkAllowedUser(image, req.spec.allowedUids, req.service);
  return { image, artifacts, scripts: runtimeScriptsDir(image) };
}

/** assemble-runtime in the runtime image with the artifacts in its WORKDIR, committed as the result. */
async function runtimeStage(
  docker: Docker,
  req: S2iBuildRequest,
  runtime: PreparedRuntime,
  input: { artifacts: Buffer; labels: Record<string, string> },
  envList: string[],
  buildLabels: Record<string, string>,
): Promise<string> {
  const rt = runtime.image;
  const workdir = rt.workdir || '/';
  const owner = await imageUser(docker, rt.id, rt.assembleUser, buildContainerName(req, 'runtime-user'), rt.ref);
  req.onLine(`---> running assemble-runtime in ${rt.ref} as user ${rt.assembleUser || 'root'}`);
  let id = '';
  const result = await runContainer(
    docker,
    {
      Image: rt.id,
      Cmd: ['/bin/sh', '-c', `${runtime.scripts}/assemble-runtime`],
      Entrypoint: [''],
      User: rt.assembleUser,
      Env: envList,
      name: buildContainerName(req, 'assemble-runtime'),
    },
    {
      uploads: [[workdir, artifactsUpload(input.artifacts, owner)]],
      onLine: req.onLine,
      signal: req.signal,
      beforeRemove: async (container, exitCode) => {
        if (exitCode !== 0 || req.signal?.aborted) return;
        const labels = { ...rt.labels, ...buildLabels, ...input.labels };
        const tooBig = labelSizeProblem(labels);
        if (tooBig) throw new BranchyardError('invalid-input', `label validation failed for ${req.image}: ${tooBig}`, { service: req.service });
        id = await commitImage(docker, container.id, req.image, { Cmd: [`${runtime.scripts}/run`], Entrypoint: rt.entrypoint ?? null, User: rt.user, Env: envList, Labels: labels });
      },
    },
  );
  if (result.exitCode !== 0) {
    throw new BranchyardError(
      'service-failed',
      `non-zero exit code from ${rt.ref}: assemble-runtime exited with code ${result.exitCode}\n  last lines of the build:\n    ${result.tail.join('\n    ')}`,
      { service: req.service, image: rt.ref, logTail: result.tail },
    );
  }
  return id;
}

