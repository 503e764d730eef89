// TEMPORARY (lead's stub until the templates branch lands): the shapes agreed with it.
import type { Issue } from '../errors/errors.ts';

export interface TemplateSummary {
  id: string;
  name: string;
  file: string;
  services: string[];
  valid: boolean;
  problems: number;
  git?: string;
  lastUsed?: string;
  branchesUsed: string[];
  modified: string;
}
export interface TemplateDetail extends TemplateSummary {
  content: string;
  issues: Issue[];
  warnings: string[];
}
export interface BranchList {
  repository?: string;
  branches: { name: string; source: 'remote' | 'used' }[];
  error?: string;
}
