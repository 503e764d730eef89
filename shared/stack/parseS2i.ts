// `x-s2i:` of a service: a source-to-image build. Checked here, with locations, like every other
// key, so a typo in a build block is reported before anything is fetched or built.

import type { FileRead } from './fileRead.ts';
import type { S2iSpec } from './model.ts';
import { parseS2iEnvironment } from './s2iEnvironment.ts';
import { parseUidRanges } from './uidRanges.ts';
import { dirOf, joinPath } from './yamlNodes.ts';
import { imageReferenceProblem } from './imageReference.ts';
import { type At, asBool, asKeyValues, asMap, asNonEmptyString, at, checkKeys, report } from './nodeReaders.ts';
import { resolveFromVars } from './parseServiceFields.ts';
import type { Variables } from './interpolate.ts';
import type { YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

const KEYS = [
  'builder', 'git', 'ref', 'context_dir', 'env', 'env_file', 'incremental', 'incremental_pull_policy', 'scripts_url', 'push',
  'exclude', 'ignore_submodules', 'assemble_user', 'allowed_uids', 'inject', 'copy', 'runtime_image', 'runtime_artifacts',
] as const;
const PULL_POLICIES = ['always', 'never', 'if-not-present'] as const;

/** Where the s2i scripts may come from when the file names them: an image path or a URL. */
function scriptsUrlProblem(url: string): string | undefined {
  if (/^image:\/\/\/\S+/.test(url) || /^(https?|file):\/\/\S+/.test(url)) return undefined;
  return `${quote(url)} is not a scripts URL: use image:///path/in/builder, file:///path or http(s)://...`;
}

export function parseS2i(where: At, node: YNode, vars: Variables, readFile?: (path: string) => FileRead): S2iSpec | undefined {
  const map = asMap(where, node, 'a mapping (the s2i build settings)');
  if (!map) return undefined;
  const spec: Partial<S2iSpec> & { env: Record<string, string> } = { contextDir: '.', env: {}, incremental: false };
  let fromEnvFile: Record<string, string> = {};
  for (const e of checkKeys(where, map, KEYS, `x-s2i of service '${where.service}'`)) {
    const keyAt = at(where, e.key);
    const v = e.value;
    if (e.key === 'env') {
      spec.env = resolveFromVars(asKeyValues(keyAt, v), vars);
      continue;
    }
    if (e.key === 'env_file') {
      // s2i's --environment-file, read as s2i reads it (not a dotenv file); x-s2i.env wins over it.
      const path = asNonEmptyString(keyAt, v, 'a file path');
      if (path === undefined) continue;
      const full = v.loc.file && !path.startsWith('/') ? joinPath(dirOf(v.loc.file), path) : path;
      const read = readFile?.(full) ?? { missing: true as const };
      if ('missing' in read) report(keyAt, v.loc, `env_file ${quote(path)} not found`);
      else if ('problem' in read) report(keyAt, v.loc, `env_file ${quote(path)} ${read.problem}`);
      else {
        const parsed = parseS2iEnvironment(read.text);
        for (const p of parsed.problems) where.reporter.warn(`x-s2i.env_file ${quote(path)} line ${p.line}: ${p.message}`);
        fromEnvFile = parsed.values;
      }
      continue;
    }
    if (e.key === 'inject') {
      spec.inject = parseInject(keyAt, v);
      continue;
    }
    if (e.key === 'allowed_uids') {
      const text = v.kind === 'scalar' && typeof v.value === 'number' ? String(v.value) : asNonEmptyString(keyAt, v, 'uid ranges like 1- or 1000-2000,3000');
      if (text === undefined) continue;
      const r = parseUidRanges(text);
      if ('problem' in r) report(keyAt, v.loc, r.problem);
      else spec.allowedUids = text;
      continue;
    }
    if (e.key === 'assemble_user') {
      const text = v.kind === 'scalar' && typeof v.value === 'number' ? String(v.value) : asNonEmptyString(keyAt, v, 'a user like 1001 or "app:0"');
      if (text !== undefined) spec.assembleUser = text;
      continue;
    }
    if (e.key === 'incremental_pull_policy') {
      const text = asNonEmptyString(keyAt, v, PULL_POLICIES.join(', '));
      if (text === undefined) continue;
      if ((PULL_POLICIES as readonly string[]).includes(text)) spec.incrementalPullPolicy = text as S2iSpec['incrementalPullPolicy'];
      else report(keyAt, v.loc, `${quote(text)} is not a pull policy: use ${PULL_POLICIES.join(', ')}`);
      continue;
    }
    if (e.key === 'runtime_artifacts') {
      spec.runtimeArtifacts = parseRuntimeArtifacts(keyAt, v);
      continue;
    }
    if (e.key === 'copy') {
      spec.copy = asBool(keyAt, v) ?? false;
      continue;
    }
    if (e.key === 'ignore_submodules') {
      spec.ignoreSubmodules = asBool(keyAt, v) ?? false;
      continue;
    }
    if (e.key === 'incremental') {
      spec.incremental = asBool(keyAt, v) ?? false;
      continue;
    }
    if (e.key === 'push') {
      // true: push the image as tagged; a string: push to that registry (host[:port][/path]).
      if (v.kind === 'scalar' && typeof v.value === 'boolean') spec.push = v.value;
      else spec.push = asNonEmptyString(keyAt, v, 'true, false or a registry like harbor.example.com/qa');
      continue;
    }
    if (e.key === 'exclude') {
      // s2i's --exclude; "" means nothing is excluded, as in s2i.
      const text = v.kind === 'scalar' && v.value === '' ? '' : asNonEmptyString(keyAt, v, 'a regular expression');
      if (text === undefined) continue;
      try {
        new RegExp(text);
        spec.exclude = text;
      } catch (err) {
        report(keyAt, v.loc, `${quote(text)} is not a regular expression: ${(err as Error).message}`);
      }
      continue;
    }
    const s = asNonEmptyString(keyAt, v);
    if (s === undefined) continue;
    if (e.key === 'builder' || e.key === 'runtime_image') {
      const problem = imageReferenceProblem(s);
      if (problem) report(keyAt, v.loc, problem);
      else if (e.key === 'builder') spec.builder = s;
      else spec.runtimeImage = s;
    } else if (e.key === 'git') {
      // A URL beginning with '-' would be read by git as an option.
      if (s.startsWith('-')) report(keyAt, v.loc, `${quote(s)} is not a repository URL or path`);
      else spec.git = s;
    } else if (e.key === 'ref') {
      if (s.startsWith('-')) report(keyAt, v.loc, `ref ${quote(s)} begins with '-', which git would read as an option`);
      else spec.ref = s;
    } else if (e.key === 'context_dir') {
      const clean = s.replace(/\/+$/, '') || '.';
      if (clean.startsWith('/') || clean.split('/').includes('..')) {
        report(keyAt, v.loc, `context_dir ${quote(s)} must be a folder inside the repository (relative, without '..')`);
      } else spec.contextDir = clean.replace(/^\.\//, '') || '.';
    } else if (e.key === 'scripts_url') {
      const problem = scriptsUrlProblem(s);
      if (problem) report(keyAt, v.loc, problem);
      else spec.scriptsUrl = s;
    }
  }
  for (const required of ['builder', 'git'] as const) {
    if (spec[required] === undefined && !map.entries.some((e) => e.key === required)) {
      report(at(where, required), map.loc, `x-s2i needs '${required}'`);
    }
  }
  if (spec.runtimeImage && spec.incremental) {
    report(at(where, 'incremental'), map.loc, "an incremental build with runtime_image isn't supported (as in s2i)");
  }
  if (spec.runtimeArtifacts && !spec.runtimeImage) report(at(where, 'runtime_artifacts'), map.loc, 'runtime_artifacts needs runtime_image');
  if (!spec.builder || !spec.git) return undefined;
  spec.env = { ...fromEnvFile, ...spec.env };
  return spec as S2iSpec;
}

/** `inject: [ "host/path:/path/in/container", ... ]`, s2i's --inject SOURCE:DESTINATION. */
function parseInject(where: At, node: YNode): { source: string; destination: string }[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  const out: { source: string; destination: string }[] = [];
  items.forEach((item, i) => {
    const itemAt = node.kind === 'seq' ? at(where, i) : where;
    const text = asNonEmptyString(itemAt, item, 'SOURCE:DESTINATION, a host path and where it appears during assemble');
    if (text === undefined) return;
    const colon = text.lastIndexOf(':');
    const source = colon > 0 ? text.slice(0, colon) : '';
    const destination = colon > 0 ? text.slice(colon + 1) : '';
    if (!source || !destination) return void report(itemAt, item.loc, `${quote(text)} is not SOURCE:DESTINATION`);
    // relative to the stack file's folder: resolved where the build runs
    out.push({ source: item.loc.file && !source.startsWith('/') ? joinPath(dirOf(item.loc.file), source) : source, destination });
  });
  return out.length ? out : undefined;
}

/** `runtime_artifacts: [ "/path/in/builder[:dest/dir]", ... ]`, s2i's --runtime-artifact. */
function parseRuntimeArtifacts(where: At, node: YNode): { source: string; destination: string }[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  const out: { source: string; destination: string }[] = [];
  items.forEach((item, i) => {
    const itemAt = node.kind === 'seq' ? at(where, i) : where;
    const text = asNonEmptyString(itemAt, item, 'an absolute path in the builder, optionally :DESTINATION (a relative folder)');
    if (text === undefined) return;
    const colon = text.indexOf(':');
    const source = colon < 0 ? text : text.slice(0, colon);
    const destination = colon < 0 ? '' : text.slice(colon + 1);
    if (!source.startsWith('/')) return void report(itemAt, item.loc, `${quote(source)} must be an absolute path in the builder`);
    if (destination.startsWith('/') || destination.split('/').includes('..')) return void report(itemAt, item.loc, `${quote(destination)} must be a folder relative to the runtime image's WORKDIR`);
    out.push({ source, destination });
  });
  return out.length ? out : undefined;
}
