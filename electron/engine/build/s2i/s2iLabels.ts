// The labels s2i writes on the image it builds (pkg/util/labels.go, GenerateOutputImageLabels),
// with s2i's values: display-name is the output tag as given, build.image the builder's fully
// qualified reference, commit.date git's default date format, commit.message the subject cut to
// 80 columns by git (`%<(80,trunc)%s`), commit.ref the checked-out branch or `HEAD` when a tag or
// commit id was built (`git rev-parse --abbrev-ref HEAD` after the checkout). Empty values are
// left out, as s2i's addBuildLabel does.

import type { SourceCommit } from '../source/gitSource.ts';
import { S2I_LABEL } from './builderImage.ts';

/** What git says about the commit in s2i's formats (read by gitSource with s2i's git options). */
export interface S2iCommitInfo {
  /** `%ad`: git's default date format, e.g. `Wed Dec 2 01:34:00 2026 +0000`. */
  date: string;
  /** `%<(80,trunc)%s`, trimmed: the subject, cut with `..` at 80 columns. */
  subject: string;
  /** Whether the ref resolved to a branch (s2i then checks the branch out; otherwise HEAD is detached). */
  refIsBranch: boolean;
}

/**
 * A reference as Docker normalises it (distribution/reference ParseNormalizedNamed + TagNameOnly):
 * `python` -> `docker.io/library/python:latest`, `qa/py:3` -> `docker.io/qa/py:3`.
 */
export function qualifiedReference(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let full = hasDomain ? ref : `docker.io/${slash < 0 ? `library/${ref}` : ref}`;
  if (full.startsWith('docker.io/') && !full.slice('docker.io/'.length).includes('/')) full = `docker.io/library/${full.slice('docker.io/'.length)}`;
  const name = full.slice(full.lastIndexOf('/') + 1);
  if (!name.includes(':') && !name.includes('@')) full += ':latest';
  return full;
}

export const DISPLAY_NAME_LABEL = 'io.k8s.display-name';

export function s2iOutputLabels(o: {
  builder: string;
  tag: string;
  commit: SourceCommit;
  info: S2iCommitInfo;
  contextDir: string;
  /** A copied working tree (x-s2i.copy): s2i's file source gives its location only, no commit labels. */
  copied?: boolean;
}): Record<string, string> {
  const labels: Record<string, string> = {
    [DISPLAY_NAME_LABEL]: o.tag,
    [S2I_LABEL.buildImage]: qualifiedReference(o.builder),
    [S2I_LABEL.commitAuthor]: o.commit.author,
    [S2I_LABEL.commitDate]: o.info.date,
    [S2I_LABEL.commitId]: o.commit.id,
    [S2I_LABEL.commitRef]: o.info.refIsBranch ? o.commit.ref : 'HEAD',
    [S2I_LABEL.commitMessage]: o.info.subject,
    [S2I_LABEL.sourceLocation]: o.commit.location,
    [S2I_LABEL.contextDir]: o.contextDir === '.' ? '' : o.contextDir,
  };
  if (o.copied) for (const k of [S2I_LABEL.commitAuthor, S2I_LABEL.commitDate, S2I_LABEL.commitId, S2I_LABEL.commitRef, S2I_LABEL.commitMessage]) delete labels[k];
  for (const [k, v] of Object.entries(labels)) if (!v) delete labels[k];
  return labels;
}

/** Where an assemble script may leave labels for the image (s2i's checkAndGetNewLabels). */
export const IMAGE_METADATA_PATH = '/tmp/.s2i/image_metadata.json';

/**
 * The labels of image_metadata.json: `{"labels": [{"name": "value"}, ...]}`, later entries win.
 * Throws with what is wrong, as s2i fails the build on a file it cannot read.
 */
export function metadataLabels(text: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${IMAGE_METADATA_PATH} is not JSON: ${(e as Error).message}`);
  }
  const list = (data as { labels?: unknown } | null)?.labels;
  if (list === undefined) return {};
  if (!Array.isArray(list)) throw new Error(`${IMAGE_METADATA_PATH}: "labels" must be a list of {"name": "value"} objects`);
  const labels: Record<string, string> = {};
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${IMAGE_METADATA_PATH}: labels[${i}] is not an object`);
    for (const [k, v] of Object.entries(entry)) {
      if (typeof v !== 'string') throw new Error(`${IMAGE_METADATA_PATH}: labels[${i}].${k} is not a string`);
      labels[k] = v;
    }
  });
  return labels;
}

/** s2i refuses labels whose names and values come to more than 10240 characters. */
export const MAXIMUM_LABEL_SIZE = 10240;

export function labelSizeProblem(labels: Record<string, string>): string | undefined {
  const sum = Object.entries(labels).reduce((n, [k, v]) => n + k.length + v.length, 0);
  return sum > MAXIMUM_LABEL_SIZE ? `label size '${sum}' exceeds the maximum limit '${MAXIMUM_LABEL_SIZE}'` : undefined;
}
