// How a branch becomes a stack name. The rule (documented in docs/stack-file.md):
//   slug  = the branch lowercased, every run of characters other than a-z and 0-9 turned into
//           one '-', leading and trailing '-' removed, cut to 40 characters;
//   stack = <template>-<slug>.
// Two branches can share a slug (`feature/login`, `feature-login`, `Feature.Login`); the engine
// then gives the second one `<template>-<slug>-<6 hex of sha256(branch)>` so they never share a
// stack (see stackNameFor).

import type { Issue } from '../errors/errors.ts';
import { quote } from '../text/quote.ts';

const MAX_SLUG = 40;

/** Why `branch` is not a usable git branch name, or undefined. Mirrors `git check-ref-format`. */
export function branchNameProblem(branch: string): string | undefined {
  if (branch.length === 0) return 'is empty';
  if (branch.length > 200) return 'is longer than 200 characters';
  if (/\s/.test(branch)) return 'contains white space, which git does not allow in a branch name';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(branch)) return 'contains control characters';
  if (/[~^:?*[\\]/.test(branch)) return 'contains one of ~ ^ : ? * [ \\, which git does not allow';
  if (branch.includes('..')) return "contains '..', which git does not allow";
  if (branch.includes('@{')) return "contains '@{', which git does not allow";
  if (branch.startsWith('-')) return "starts with '-'";
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) {
    return 'has an empty path component (a leading, trailing or double slash)';
  }
  if (branch.endsWith('.') || branch.endsWith('.lock')) return "ends with '.' or '.lock'";
  if (branch.split('/').some((c) => c.startsWith('.'))) return "has a component starting with '.'";
  if (branch === '@') return "is '@'";
  return undefined;
}

/** The branch as it appears in names: see the rule at the top of this file. */
export function branchSlug(branch: string): string {
  return branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
}

const STACK_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Why `name` cannot be a stack name (it prefixes container, network and volume names). */
export function stackNameProblem(name: string): string | undefined {
  if (!STACK_NAME.test(name)) {
    return `${quote(name)} is not a valid stack name: use 1 to 63 lowercase letters, digits, '-' and '_', starting with a letter or digit`;
  }
  return undefined;
}

/**
 * Checks a branch for use in a stack name. Returns the slug or an issue: branches git would
 * refuse, and branches with nothing ASCII to name a stack by (all non-ASCII letters), are refused
 * rather than guessed at.
 */
export function checkBranch(branch: string): { slug: string } | { issue: Issue } {
  const problem = branchNameProblem(branch);
  if (problem) return { issue: { field: '--branch', message: `branch ${quote(branch)} ${problem}` } };
  const slug = branchSlug(branch);
  if (!slug) {
    return {
      issue: {
        field: '--branch',
        message: `branch ${quote(branch)} has no ASCII letters or digits to name a stack by: give the stack a name with --name`,
      },
    };
  }
  return { slug };
}

/** The stack name for a template and branch before any collision is considered. */
export function baseStackName(template: string, slug: string): string {
  return `${template}-${slug}`.slice(0, 63).replace(/[-_]+$/, '');
}
