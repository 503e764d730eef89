// Contract handlers of the templates folder: list, show, import, remove, and the branches to
// offer for one. Templates are files (the folder is the templatesDir setting), so these work
// without the Docker engine; only "branches used" also looks at the stacks the engine has, and
// waits for it at most STACKS_WAIT_MS (a silent engine must not hold up the Templates screen).

import { readdir, rm } from 'node:fs/promises';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { templateIdOfFile } from '../../../shared/stack/templateId.ts';
import type { EngineContext } from '../api/context.ts';
import type { RequestHandlers } from '../api/host.ts';
import { repositoryLocation } from '../build/buildStack.ts';
import { fsReason } from '../files/fsReason.ts';
import { log } from '../log/logger.ts';
import type { FileAccess } from '../stackfile/stackFileSource.ts';
import { inspectStacks } from '../stacks/inspectStacks.ts';
import { checkImport, writeTemplate } from './importTemplate.ts';
import { listBranches } from './listBranches.ts';
import { type TemplateFacts, readTemplate } from './readTemplate.ts';
import { findTemplateFile, templateFileOf, templatesFolder } from './templateFiles.ts';
import { readTemplateUses } from './templateUse.ts';

export const STACKS_WAIT_MS = 2000;

type TemplateRequests = Pick<RequestHandlers, 'listTemplates' | 'showTemplate' | 'importTemplate' | 'removeTemplate' | 'listBranches'>;

/** The engine's stacks, or none when it does not answer soon. */
async function currentStacks(ctx: EngineContext): Promise<StackStatus[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<StackStatus[]>((r) => (timer = setTimeout(() => r([]), STACKS_WAIT_MS)));
  const read = ctx
    .engine()
    .then((e) => inspectStacks(e.docker))
    .catch((e) => {
      log.debug('templates: the stacks of the engine are not known', e);
      return [];
    });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function templatesHandlers(ctx: EngineContext, access: FileAccess = 'any'): { requests: TemplateRequests } {
  const facts = async (dir: string): Promise<TemplateFacts> => ({
    uses: readTemplateUses(),
    stacks: await currentStacks(ctx),
    ...(access === 'own' ? { confine: dir } : {}),
  });
  return {
    requests: {
      async listTemplates() {
        const dir = templatesFolder(ctx.settings);
        let names: string[];
        try {
          names = await readdir(dir);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
          throw new BranchyardError('engine', `cannot read the templates folder ${dir}: ${fsReason(e)}`, { file: dir });
        }
        // One entry per id: `x.yml` wins over `x.yaml`, as a lookup by id does.
        const ids = [...new Set(names.filter((n) => !n.startsWith('.')).flatMap((n) => templateIdOfFile(n) ?? []))].sort();
        const known = await facts(dir);
        return ids.flatMap((id) => {
          const file = findTemplateFile(dir, id);
          if (!file) return [];
          const { content: _c, issues: _i, warnings: _w, ...summary } = readTemplate(id, file, known);
          return [summary];
        });
      },
      async showTemplate(p) {
        const dir = templatesFolder(ctx.settings);
        const file = templateFileOf(dir, p?.id);
        return readTemplate(p.id, file, await facts(dir));
      },
      async importTemplate(p) {
        const dir = templatesFolder(ctx.settings);
        const { id, content } = checkImport(p);
        const file = await writeTemplate(dir, id, content, p.replace === true);
        return readTemplate(id, file, await facts(dir));
      },
      async removeTemplate(p) {
        const dir = templatesFolder(ctx.settings);
        const file = templateFileOf(dir, p?.id);
        try {
          await rm(file);
        } catch (e) {
          throw new BranchyardError('engine', `cannot remove the template ${file}: ${fsReason(e)}`, { file });
        }
        return null;
      },
      async listBranches(p, c) {
        const dir = templatesFolder(ctx.settings);
        const file = templateFileOf(dir, p?.template, 'template');
        if (p.prefix !== undefined && typeof p.prefix !== 'string') throw BranchyardError.invalid([{ field: 'prefix', message: 'must be text' }]);
        const t = readTemplate(p.template, file, await facts(dir));
        // A local path in the file is relative to the file's folder, as for builds.
        const repository = t.git === undefined ? undefined : repositoryLocation(t.git, dir);
        return listBranches(repository, t.branchesUsed, p.prefix, c.signal);
      },
    },
  };
}
