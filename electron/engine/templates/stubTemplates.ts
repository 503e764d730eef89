// TEMPORARY (lead's stub until the templates branch lands).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TemplateSummary } from '../../../shared/api/templates.ts';
import { templatesDir } from '../paths.ts';

export function stubTemplates() {
  return {
    listTemplates: async (): Promise<TemplateSummary[]> => {
      let names: string[] = [];
      try {
        names = readdirSync(templatesDir()).filter((n) => n.endsWith('.yml'));
      } catch {
        return [];
      }
      return names.map((n) => {
        const file = join(templatesDir(), n);
        const doc = parse(readFileSync(file, 'utf8')) as { name?: string; services?: Record<string, unknown> };
        return { id: n.slice(0, -4), name: doc?.name ?? n.slice(0, -4), file, services: Object.keys(doc?.services ?? {}), valid: true, problems: 0, branchesUsed: [], modified: statSync(file).mtime.toISOString() };
      });
    },
    listBranches: async () => ({ branches: [{ name: 'main', source: 'used' as const }] }),
  };
}
