// When each template was last brought up, and for which branches: <data dir>/template-use.json,
// written by every successful `up` of a template (from the app by id, or from the command line
// with a path in the templates folder). It feeds the Templates screen's "last used" and the
// branch completion of the New environment dialog. Small and bounded (newest 50 branches per
// template, newest 500 uses in all), rewritten whole and atomically (a temp file renamed into
// place), so a reader never sees half a file. Two processes recording at the same moment may
// lose one of the two uses: a hint for completion is not worth a lock.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { log } from '../log/logger.ts';
import { makeFolderSync } from '../files/makeFolder.ts';
import { dataDir } from '../paths.ts';
import { templateIdOfPath } from './templateFiles.ts';

export interface TemplateUse {
  template: string;
  /** Absent for an `up` without a branch. */
  branch?: string;
  /** ISO time. */
  at: string;
}

export const MAX_USES = 500;
export const MAX_BRANCHES_PER_TEMPLATE = 50;

export function templateUsePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'template-use.json');
}

function isUse(u: unknown): u is TemplateUse {
  const x = u as TemplateUse;
  return typeof x?.template === 'string' && typeof x.at === 'string' && (x.branch === undefined || typeof x.branch === 'string');
}

/** The uses on record, newest first; a missing or damaged file is no uses (it is only a hint). */
export function readTemplateUses(path = templateUsePath()): TemplateUse[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`reading ${path}`, e);
    return [];
  }
  try {
    const uses = (JSON.parse(text) as { uses?: unknown }).uses;
    return Array.isArray(uses) ? uses.filter(isUse).sort((a, b) => b.at.localeCompare(a.at)) : [];
  } catch (e) {
    log.warn(`${path} is not valid JSON; it is started again`, e);
    return [];
  }
}

/** `uses` with `use` added: newest first, one entry per template and branch, within the bounds. */
export function withUse(uses: readonly TemplateUse[], use: TemplateUse): TemplateUse[] {
  const out: TemplateUse[] = [use];
  const perTemplate = new Map<string, number>([[use.template, 1]]);
  for (const u of [...uses].sort((a, b) => b.at.localeCompare(a.at))) {
    if (u.template === use.template && u.branch === use.branch) continue;
    const n = perTemplate.get(u.template) ?? 0;
    if (n >= MAX_BRANCHES_PER_TEMPLATE) continue;
    perTemplate.set(u.template, n + 1);
    out.push(u);
    if (out.length >= MAX_USES) break;
  }
  return out;
}

/** What the record says of one template. */
export function usesOf(uses: readonly TemplateUse[], id: string): { lastUsed?: string; branches: string[] } {
  const mine = uses.filter((u) => u.template === id).sort((a, b) => b.at.localeCompare(a.at));
  const branches = [...new Set(mine.flatMap((u) => (u.branch === undefined ? [] : [u.branch])))];
  return { ...(mine[0] ? { lastUsed: mine[0].at } : {}), branches };
}

/**
 * Records an `up` from `file` when it is a template (a file directly in the templates folder).
 * Never fails the `up` it follows: a record that cannot be written is logged.
 */
export function recordTemplateUse(templatesDir: string, file: string, branch: string | undefined, now = new Date(), path = templateUsePath()): void {
  const template = templateIdOfPath(templatesDir, file);
  if (!template) return;
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const next = withUse(readTemplateUses(path), { template, ...(branch !== undefined ? { branch } : {}), at: now.toISOString() });
    makeFolderSync(dirname(path));
    writeFileSync(tmp, `${JSON.stringify({ version: 1, uses: next }, null, 1)}\n`, { mode: 0o644 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    log.warn(`recording the use of template ${template} in ${path}`, e);
  }
}
