// The templates folder as the contract carries it: the stack files a user keeps to make
// environments from (the Templates screen, `branchyard templates`), and the branches the app
// offers for one (its repository's remote branches, and the branches used with it before).

import type { Issue } from '../errors/errors.ts';

export interface TemplateSummary {
  /** The file name without .yml/.yaml in the templates folder. */
  id: string;
  /** The file's `name:` (template name), or the id. */
  name: string;
  /** Absolute path. */
  file: string;
  services: string[];
  valid: boolean;
  /** How many problems the validator found (0 when valid). */
  problems: number;
  /** The repository: `x-branchyard.git`, else the git of the file's first `x-s2i` service. */
  git?: string;
  /**
   * The compose profiles the file's services name, with the services each adds; services without
   * a profile always run. Empty when none has one (or the file cannot be read).
   */
  profiles: Array<{ name: string; services: string[] }>;
  /** ISO time of the last `up` from this template (any branch). */
  lastUsed?: string;
  /** Branches brought up from it before, most recent first. */
  branchesUsed: string[];
  /** ISO time the file was last modified. */
  modified: string;
}

export interface TemplateDetail extends TemplateSummary {
  content: string;
  /** The validator's issues, with line and column where known. */
  issues: Issue[];
  warnings: string[];
}

export interface ImportTemplateParams {
  /** The compose file's text (at most 1 MiB). */
  content: string;
  /** The template's id; default: the file's `name:`. Slugged either way. */
  name?: string;
  /** Overwrite a template of that id (default: refuse). */
  replace?: boolean;
}

export interface BranchChoice {
  name: string;
  /** `remote`: the repository has it now; `used`: an environment was made for it before. */
  source: 'remote' | 'used';
}

export interface ListBranchesParams {
  /** A template id. */
  template: string;
  /** Only branches that start with this (case ignored). */
  prefix?: string;
}

export interface ListBranchesResult {
  /** The repository asked (absent when the template names none). */
  repository?: string;
  /** Used ones first (most recent first), then the repository's others by name. */
  branches: BranchChoice[];
  /** Why the repository could not be asked (the used branches are still listed). */
  error?: string;
}
