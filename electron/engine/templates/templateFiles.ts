// Where a template's file is: <templates folder>/<id>.yml, or <id>.yaml when only that exists.
// The folder is the templatesDir setting (BRANCHYARD_TEMPLATES wins), read at each request so a
// changed setting counts at once. Every id is checked as a safe file name before it is joined to
// the folder, so no request reaches a file outside it.

import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { realPath } from '../files/isInside.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { templateIdOfFile, templateIdProblem } from '../../../shared/stack/templateId.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';

export const TEMPLATE_EXTENSIONS = ['.yml', '.yaml'] as const;

export function templatesFolder(settings: SettingsStore): string {
  return resolve(settings.get().templatesDir);
}

/** The id, checked; an invalid-input error naming `field` otherwise. */
export function checkTemplateId(id: unknown, field = 'id'): string {
  const problem = templateIdProblem(id);
  if (problem) throw BranchyardError.invalid([{ field, message: problem }]);
  return id as string;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The file of template `id` (checked), or undefined when the folder has none. `.yml` wins. */
export function findTemplateFile(dir: string, id: string): string | undefined {
  return TEMPLATE_EXTENSIONS.map((ext) => join(dir, `${id}${ext}`)).find(exists);
}

/** The file of template `id`, or a not-found error that says where it was looked for. */
export function templateFileOf(dir: string, id: unknown, field = 'id'): string {
  const checked = checkTemplateId(id, field);
  const file = findTemplateFile(dir, checked);
  if (!file) {
    throw new BranchyardError('not-found', `no template '${checked}' in ${dir} (an id is a file name there without .yml)`, { field, file: dir });
  }
  return file;
}

/** The id of a stack file when it lies directly in the templates folder (links followed). */
export function templateIdOfPath(dir: string, file: string): string | undefined {
  const path = realPath(file);
  if (realPath(dir) !== dirname(path)) return undefined;
  const id = templateIdOfFile(basename(path));
  if (id === undefined) return undefined;
  // `x.yaml` beside an `x.yml` is not template x: the .yml is.
  const found = findTemplateFile(dir, id);
  return found && realPath(found) === path ? id : undefined;
}
