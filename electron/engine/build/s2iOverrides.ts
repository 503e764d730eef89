// `branchyard build` flags for s2i's options, laid over each built service's x-s2i. Checked like
// the file's keys, with the flag in the message; host paths (env file, inject sources) only from
// a front end that may name any file (the command line), never from a page.

import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { S2iBuildOverrides } from '../../../shared/api/stacks.ts';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { S2iSpec } from '../../../shared/stack/model.ts';
import { parseS2iEnvironment } from '../../../shared/stack/s2iEnvironment.ts';
import { imageReferenceProblem } from '../../../shared/stack/imageReference.ts';
import { parseUidRanges } from '../../../shared/stack/uidRanges.ts';
import { fsReason } from '../files/fsReason.ts';
import type { FileAccess } from '../stackfile/stackFileSource.ts';

const POLICIES = ['always', 'never', 'if-not-present'];

/** Checks the flags once; returns what to lay over each x-s2i. Throws every problem at once. */
export function checkS2iOverrides(o: S2iBuildOverrides | undefined, access: FileAccess): (spec: S2iSpec) => S2iSpec {
  if (!o) return (spec) => spec;
  const issues: Issue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (o.exclude !== undefined) {
    try {
      new RegExp(o.exclude);
    } catch (e) {
      bad('--exclude', `'${o.exclude}' is not a regular expression: ${(e as Error).message}`);
    }
  }
  if (o.allowedUids !== undefined) {
    const r = parseUidRanges(o.allowedUids);
    if ('problem' in r) bad('--allowed-uids', r.problem);
  }
  if (o.incrementalPullPolicy !== undefined && !POLICIES.includes(o.incrementalPullPolicy)) {
    bad('--incremental-pull-policy', `'${o.incrementalPullPolicy}' is not a pull policy: use ${POLICIES.join(', ')}`);
  }
  // --copy reads a folder of the engine's machine too
  if (o.copy && access !== 'any') bad('--copy', 'a working tree can only be built from the command line');
  if ((o.envFile !== undefined || o.inject?.length) && access !== 'any') bad(o.envFile !== undefined ? '--environment-file' : '--inject', 'host files can only be named from the command line');
  let envFromFile: Record<string, string> = {};
  if (o.envFile !== undefined && access === 'any') {
    try {
      envFromFile = parseS2iEnvironment(readFileSync(o.envFile, 'utf8')).values;
    } catch (e) {
      bad('--environment-file', `cannot read ${o.envFile}: ${fsReason(e)}`);
    }
  }
  const inject = (o.inject ?? []).map((text) => {
    const colon = text.lastIndexOf(':');
    const source = colon > 0 ? text.slice(0, colon) : '';
    const destination = colon > 0 ? text.slice(colon + 1) : '';
    if (!source || !destination || !isAbsolute(source)) bad('--inject', `'${text}' is not SOURCE:DESTINATION with SOURCE an absolute path`);
    return { source, destination };
  });
  const runtimeArtifacts = (o.runtimeArtifacts ?? []).map((text) => {
    const colon = text.indexOf(':');
    const source = colon < 0 ? text : text.slice(0, colon);
    const destination = colon < 0 ? '' : text.slice(colon + 1);
    if (!source.startsWith('/') || destination.startsWith('/') || destination.split('/').includes('..')) {
      bad('--runtime-artifact', `'${text}' is not an absolute path in the builder with an optional :DESTINATION folder relative to the runtime image's WORKDIR`);
    }
    return { source, destination };
  });
  if (o.runtimeImage !== undefined) {
    const problem = imageReferenceProblem(o.runtimeImage);
    if (problem) bad('--runtime-image', problem);
  }
  if (issues.length) throw BranchyardError.invalid(issues);
  return (spec) => ({
    ...spec,
    env: { ...spec.env, ...envFromFile },
    ...(o.exclude !== undefined ? { exclude: o.exclude } : {}),
    ...(o.assembleUser !== undefined ? { assembleUser: o.assembleUser } : {}),
    ...(o.allowedUids !== undefined ? { allowedUids: o.allowedUids } : {}),
    ...(o.incrementalPullPolicy !== undefined ? { incrementalPullPolicy: o.incrementalPullPolicy } : {}),
    ...(o.ignoreSubmodules !== undefined ? { ignoreSubmodules: o.ignoreSubmodules } : {}),
    ...(o.incremental !== undefined ? { incremental: o.incremental } : {}),
    ...(o.copy !== undefined ? { copy: o.copy } : {}),
    ...(o.runtimeImage !== undefined ? { runtimeImage: o.runtimeImage } : {}),
    ...(runtimeArtifacts.length ? { runtimeArtifacts } : {}),
    ...(inject.length ? { inject: [...(spec.inject ?? []), ...inject] } : {}),
  });
}
