// Copying a compose file into the templates folder. A text that is not a compose file at all
// (YAML that does not parse, no mapping of services) is refused with its issues; a compose file
// with problems is kept: the Templates screen marks them at their line and column, and `up`
// refuses the template until they are fixed (the user saw them and confirmed the import). The
// id is the name given, else the file's `name:`, slugged; an existing template is never
// overwritten unless asked. The file is written aside, flushed, then linked (or, to replace,
// renamed) into place: a reader sees the old file or the whole new one, and two imports of one
// name at once cannot both win.

import { randomBytes } from 'node:crypto';
import { chmod, link, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportTemplateParams } from '../../../shared/api/templates.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { composeShape } from '../../../shared/stack/composeShape.ts';
import { MAX_STACK_FILE_BYTES } from '../../../shared/stack/parse.ts';
import { importedTemplateId } from '../../../shared/stack/templateId.ts';
import { fsReason } from '../files/fsReason.ts';
import { makeFolder } from '../files/makeFolder.ts';
import { templateNameOf } from '../stackfile/loadStackFile.ts';
import { findTemplateFile } from './templateFiles.ts';

function exists(id: string, file: string): BranchyardError {
  return BranchyardError.invalid([{ field: 'name', message: `a template '${id}' exists already (${file}): choose another name, or replace it` }]);
}

/** Checks the params; the id and the text to write, or an invalid-input error saying why not. */
export function checkImport(p: ImportTemplateParams): { id: string; content: string } {
  if (typeof p?.content !== 'string') throw BranchyardError.invalid([{ field: 'content', message: 'must be the compose file as text' }]);
  if (Buffer.byteLength(p.content) > MAX_STACK_FILE_BYTES) {
    throw BranchyardError.invalid([{ field: 'content', message: 'is more than the 1 MiB a stack file may have' }]);
  }
  if (p.name !== undefined && typeof p.name !== 'string') throw BranchyardError.invalid([{ field: 'name', message: 'must be text' }]);
  if (p.replace !== undefined && typeof p.replace !== 'boolean') throw BranchyardError.invalid([{ field: 'replace', message: 'must be true or false' }]);
  // The file's own `name:` when it is a plain string ('' for no path: no base name to fall back on).
  const named = importedTemplateId(p.name, templateNameOf(p.content, '') || undefined);
  const shape = composeShape(p.content, 'id' in named ? `${named.id}.yml` : 'the imported file');
  if (shape.issues.length) throw BranchyardError.invalid(shape.issues);
  if ('issue' in named) throw BranchyardError.invalid([named.issue]);
  return { id: named.id, content: p.content };
}

/** Writes the template; returns its file. */
export async function writeTemplate(dir: string, id: string, content: string, replace: boolean): Promise<string> {
  try {
    await makeFolder(dir);
  } catch (e) {
    throw new BranchyardError('engine', `cannot make the templates folder ${dir}: ${fsReason(e)}`, { file: dir });
  }
  const existing = findTemplateFile(dir, id);
  if (existing && !replace) throw exists(id, existing);
  const target = existing ?? join(dir, `${id}.yml`);
  // A hidden name: the listing never shows a half-written template.
  const tmp = join(dir, `.${id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, 0o644); // whatever the umask: other users' tools may read templates
    if (replace) await rename(tmp, target);
    else {
      try {
        await link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(id, target);
        // A file system without hard links: the check above is all there is.
        if (findTemplateFile(dir, id)) throw exists(id, target);
        await rename(tmp, target);
      }
    }
    return target;
  } catch (e) {
    if (e instanceof BranchyardError) throw e;
    throw new BranchyardError('engine', `cannot write the template ${target}: ${fsReason(e)}`, { file: target });
  } finally {
    await rm(tmp, { force: true });
  }
}
