// Where each s2i script comes from, as s2i decides: for every script the first place that has it
// wins: the file's scripts_url, then the source's .s2i/bin, then the builder's scripts-url label.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BranchyardError } from '../../../../shared/errors/errors.ts';
import type { FileEntry } from '../tarUpload.ts';
import type { BuilderImage } from './builderImage.ts';
import { injectionDigest } from './inject.ts';
import { S2I_LABEL } from './builderImage.ts';

export const SCRIPTS = ['assemble', 'run', 'save-artifacts', 'usage'] as const;
export type ScriptName = (typeof SCRIPTS)[number];
const REQUIRED: ScriptName[] = ['assemble', 'run'];

/** What the build needs to read from its source (the commit, through the git layer). */
export interface ScriptSource {
  listDir(path: string): Promise<{ name: string; type: string; mode: string }[] | undefined>;
  readFile(path: string): Promise<Buffer | undefined>;
}

export interface ScriptPlan {
  /** Path inside the build container of every script found. */
  paths: Partial<Record<ScriptName, string>>;
  /** Scripts to upload into <destination>/scripts. */
  upload: FileEntry[];
  /**
   * Scripts .s2i/bin supplied: s2i moves these (and only these) out of the source into the
   * scripts folder; other files of .s2i/bin, helpers the scripts call, stay in the source.
   */
  fromSource: ScriptName[];
  warnings: string[];
}

async function fetchScript(url: string, name: ScriptName): Promise<Buffer | undefined> {
  const full = `${url.replace(/\/+$/, '')}/${name}`;
  try {
    if (full.startsWith('file://')) return await readFile(fileURLToPath(full));
    const res = await fetch(full, { signal: AbortSignal.timeout(30_000) });
    return res.ok ? Buffer.from(await res.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}

export async function locateScripts(
  o: { scriptsUrl?: string; contextDir: string; required?: ScriptName[] },
  builder: BuilderImage,
  source: ScriptSource,
): Promise<ScriptPlan> {
  const plan: ScriptPlan = { paths: {}, upload: [], fromSource: [], warnings: [] };
  const scriptsDir = `${builder.destination}/scripts`;
  const binDir = o.contextDir === '.' ? '.s2i/bin' : `${o.contextDir}/.s2i/bin`;
  const inSource = new Map((await source.listDir(binDir))?.map((e) => [e.name, e]) ?? []);
  const looked: string[] = [];
  // A scripts URL: image:///path names scripts already in the builder; others are downloaded.
  const fromUrl = async (url: string, name: ScriptName): Promise<boolean> => {
    if (url.startsWith('image://')) {
      plan.paths[name] = `${url.slice('image://'.length).replace(/\/+$/, '')}/${name}`;
      return true;
    }
    const content = await fetchScript(url, name);
    if (!content) return false;
    plan.upload.push({ name, content, mode: 0o755 });
    plan.paths[name] = `${scriptsDir}/${name}`;
    return true;
  };
  for (const name of SCRIPTS) {
    // 1. The file's own scripts_url.
    if (o.scriptsUrl && (await fromUrl(o.scriptsUrl, name))) continue;
    // 2. The source's .s2i/bin.
    const entry = inSource.get(name);
    const content = entry?.type === 'blob' ? await source.readFile(`${binDir}/${name}`) : undefined;
    if (entry && content) {
      // s2i would fail later with "permission denied"; the mode is fixed here and said.
      if (entry.mode !== '100755') plan.warnings.push(`${binDir}/${name} is not executable in git (mode ${entry.mode}): running it anyway`);
      plan.upload.push({ name, content, mode: 0o755 });
      plan.paths[name] = `${scriptsDir}/${name}`;
      plan.fromSource.push(name);
      continue;
    }
    // 3. The builder's scripts-url label.
    if (builder.scriptsUrl) await fromUrl(builder.scriptsUrl, name);
  }
  const missing = (o.required ?? REQUIRED).filter((n) => !plan.paths[n]);
  if (missing.length) {
    if (o.scriptsUrl) looked.push(`x-s2i.scripts_url ${o.scriptsUrl}`);
    looked.push(`${binDir} in the source`);
    looked.push(builder.scriptsUrl ? `the builder's scripts URL ${builder.scriptsUrl}` : `the builder's label ${S2I_LABEL.scriptsUrl} (not set)`);
    throw new BranchyardError(
      'invalid-input',
      `failed to install [${missing.join(' ')}]: looked in ${looked.join(', ')}. ` +
        `Set the label ${S2I_LABEL.scriptsUrl}=image:///path on the builder ${builder.ref}, add .s2i/bin/ to the source, or set x-s2i.scripts_url`,
      { image: builder.ref },
    );
  }
  return plan;
}

/**
 * A digest of the scripts behind file:// and http(s):// scripts URLs (the file's and the
 * builder's label), so that changed scripts are a changed build input; undefined when every
 * script is in the image or the source (the builder id and the commit cover those).
 */
export async function remoteScriptsDigest(urls: (string | undefined)[]): Promise<string | undefined> {
  const remote = urls.filter((u): u is string => Boolean(u) && !u!.startsWith('image://'));
  if (!remote.length) return undefined;
  const hash = createHash('sha256');
  for (const url of remote) {
    for (const name of SCRIPTS) {
      const content = await fetchScript(url, name);
      hash.update(`${url}\0${name}\0${content ? createHash('sha256').update(content).digest('hex') : 'missing'}\0`);
    }
  }
  return hash.digest('hex');
}

/** Everything a build reads from outside git and the builder: scripts behind a URL, injected files. */
export async function externalInputsDigest(spec: { scriptsUrl?: string; inject?: { source: string; destination: string }[] }): Promise<string | undefined> {
  const parts = [await remoteScriptsDigest([spec.scriptsUrl]), injectionDigest(spec.inject)];
  if (parts.every((p) => p === undefined)) return undefined;
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\0')).digest('hex');
}
