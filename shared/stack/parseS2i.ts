// `x-s2i:` of a service: a source-to-image build. Checked here, with locations, like every other
// key, so a typo in a build block is reported before anything is fetched or built.

import type { S2iSpec } from './model.ts';
import { imageReferenceProblem } from './imageReference.ts';
import { type At, asBool, asKeyValues, asMap, asNonEmptyString, at, checkKeys, report } from './nodeReaders.ts';
import { resolveFromVars } from './parseServiceFields.ts';
import type { Variables } from './interpolate.ts';
import type { YNode } from './yamlNodes.ts';
import { quote } from '../text/quote.ts';

const KEYS = ['builder', 'git', 'ref', 'context_dir', 'env', 'incremental', 'scripts_url', 'push', 'exclude', 'ignore_submodules'] as const;

/** Where the s2i scripts may come from when the file names them: an image path or a URL. */
function scriptsUrlProblem(url: string): string | undefined {
  if (/^image:\/\/\/\S+/.test(url) || /^(https?|file):\/\/\S+/.test(url)) return undefined;
  return `${quote(url)} is not a scripts URL: use image:///path/in/builder, file:///path or http(s)://...`;
}

export function parseS2i(where: At, node: YNode, vars: Variables): S2iSpec | undefined {
  const map = asMap(where, node, 'a mapping (the s2i build settings)');
  if (!map) return undefined;
  const spec: Partial<S2iSpec> & { env: Record<string, string> } = { contextDir: '.', env: {}, incremental: false };
  for (const e of checkKeys(where, map, KEYS, `x-s2i of service '${where.service}'`)) {
    const keyAt = at(where, e.key);
    const v = e.value;
    if (e.key === 'env') {
      spec.env = resolveFromVars(asKeyValues(keyAt, v), vars);
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
    if (e.key === 'builder') {
      const problem = imageReferenceProblem(s);
      if (problem) report(keyAt, v.loc, problem);
      else spec.builder = s;
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
  if (!spec.builder || !spec.git) return undefined;
  return spec as S2iSpec;
}
