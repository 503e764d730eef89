// One template as the Templates screen shows it: its file, what the validator says of it (every
// issue with line and column), its services and repository even when it is invalid, and when
// and for which branches it was used. A template is checked as `up` would check it for branch
// `main`: most templates interpolate ${BRANCH_SLUG} (an image tag), which read as empty would
// be a false problem.

import { statSync } from 'node:fs';
import type { TemplateDetail } from '../../../shared/api/templates.ts';
import { type Issue, isBranchyardError } from '../../../shared/errors/errors.ts';
import { composeShape } from '../../../shared/stack/composeShape.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { realPath } from '../files/isInside.ts';
import { loadStackFile, templateNameOf } from '../stackfile/loadStackFile.ts';
import { readRegularFile } from '../stackfile/readRegularFile.ts';
import { type TemplateUse, usesOf } from './templateUse.ts';

/** The branch a template is checked for. */
export const CHECK_BRANCH = 'main';

export interface TemplateFacts {
  /** The record of earlier `up`s (templateUse.ts). */
  uses: readonly TemplateUse[];
  /** The stacks the engine has now (empty when it does not answer). */
  stacks: readonly StackStatus[];
  /** Files the template reads beside it must lie in this folder (the app, the browser mode). */
  confine?: string;
}

function issuesOf(e: unknown, file: string): Issue[] {
  if (isBranchyardError(e)) return e.details.issues?.length ? e.details.issues : [{ file, message: e.message }];
  return [{ file, message: (e as Error)?.message ?? String(e) }];
}

interface Checked {
  name: string;
  services: string[];
  profiles: Array<{ name: string; services: string[] }>;
  git?: string;
  issues: Issue[];
  warnings: string[];
}

function check(id: string, file: string, text: string, confine: string | undefined): Checked {
  const name = templateNameOf(text, file);
  try {
    const vars = { BRANCH: CHECK_BRANCH, BRANCH_SLUG: CHECK_BRANCH, STACK: `${name}-${CHECK_BRANCH}` };
    const { template, warnings } = loadStackFile(file, text, { vars, confine });
    const git = template.git ?? template.services.find((s) => s.s2i)?.s2i?.git;
    return { name, services: template.services.map((s) => s.name), profiles: template.profileChoices ?? [], ...(git ? { git } : {}), issues: [], warnings };
  } catch (e) {
    // Invalid: what can still be read of it without the validator.
    const shape = composeShape(text, file);
    return { name, services: shape.services, profiles: [], ...(shape.git ? { git: shape.git } : {}), issues: issuesOf(e, file), warnings: [] };
  }
}

/** Branches of earlier `up`s, most recent first, then those of stacks from this template now. */
function branchesOf(id: string, file: string, name: string, facts: TemplateFacts): { lastUsed?: string; branchesUsed: string[] } {
  const recorded = usesOf(facts.uses, id);
  const path = realPath(file);
  const fromStacks = facts.stacks
    .filter((s) => (s.file !== undefined && realPath(s.file) === path) || s.template === name)
    .flatMap((s) => (s.branch ? [s.branch] : []))
    .sort();
  return { ...(recorded.lastUsed ? { lastUsed: recorded.lastUsed } : {}), branchesUsed: [...new Set([...recorded.branches, ...fromStacks])] };
}

export function readTemplate(id: string, file: string, facts: TemplateFacts): TemplateDetail {
  let modified = '';
  try {
    modified = statSync(file).mtime.toISOString();
  } catch {
    // gone meanwhile: the read below says so
  }
  const read = readRegularFile(file, 'a stack file');
  const text = 'text' in read ? read.text : '';
  const checked: Checked =
    'text' in read
      ? check(id, file, text, facts.confine)
      : { name: id, services: [], profiles: [], issues: [{ file, message: 'missing' in read ? 'no such file' : `file ${read.problem}` }], warnings: [] };
  return {
    id,
    name: checked.name,
    file,
    services: checked.services,
    profiles: checked.profiles,
    valid: checked.issues.length === 0,
    problems: checked.issues.length,
    ...(checked.git ? { git: checked.git } : {}),
    ...branchesOf(id, file, checked.name, facts),
    modified,
    content: text,
    issues: checked.issues,
    warnings: checked.warnings,
  };
}
