// Where a request's stack file comes from, under the front end's file access. The command line
// names any path (`any`). The app and the browser mode (`own`) may not make the engine read or
// write where they please on its machine: their stack files are a template of the templates folder
// (by id), a file already in the engine's own folders, or the file's content as the page has it;
// and what such a file reads beside it (.env, env_file) must lie in the same folder.

import { join } from 'node:path';
import type { StackFileParams } from '../../../shared/api/stacks.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { MAX_STACK_FILE_BYTES } from '../../../shared/stack/parse.ts';
import { isInside } from '../files/isInside.ts';
import { stackFilesDir } from '../paths.ts';
import { findTemplateFile } from '../templates/templateFiles.ts';
import { templateIdProblem } from '../../../shared/stack/templateId.ts';
import { readStackFileText, templateNameOf } from './loadStackFile.ts';

export type FileAccess = 'any' | 'own';

export interface StackFileText {
  /** The file's path: as given (any), in the templates folder, or where sent content is kept. */
  file: string;
  text: string;
  /** Template name before interpolation. */
  name: string;
  /** The page sent the content: `up` keeps it at `keepAs(stack)` so redeploy can read it again. */
  sent: boolean;
  /** With `own` access: the folder the file may read beside it (.env, env_file). */
  confine?: string;
}

function invalid(field: string, message: string): BranchyardError {
  return BranchyardError.invalid([{ field, message }]);
}

/** Where content a page sent for `stack` is kept. */
export function keepAs(stack: string): string {
  return join(stackFilesDir(), `${stack}.yml`);
}

/**
 * `templatesFolder`: the templates folder (the setting), where a template id is looked up. Asked
 * only when needed: the command line's `validate FILE` must not depend on reading the settings.
 */
export function stackFileOf(p: StackFileParams, access: FileAccess, templatesFolder: () => string): StackFileText {
  const given = [p?.file !== undefined && 'file', p?.template !== undefined && 'template', p?.content !== undefined && 'content'].filter(Boolean);
  if (given.length !== 1) {
    throw invalid('file', given.length === 0 ? 'is required (or template, or content)' : `give one of ${given.join(', ')}, not several`);
  }
  if (p.content !== undefined) {
    if (typeof p.content !== 'string') throw invalid('content', 'must be the stack file as text');
    if (Buffer.byteLength(p.content) > MAX_STACK_FILE_BYTES) throw invalid('content', 'is more than the 1 MiB a stack file may have');
    const name = templateNameOf(p.content, 'stack.yml');
    return { file: join(stackFilesDir(), `${name}.yml`), text: p.content, name, sent: true, ...(access === 'own' ? { confine: stackFilesDir() } : {}) };
  }
  if (p.template !== undefined) {
    const problem = templateIdProblem(p.template);
    if (problem) throw invalid('template', problem);
    const templatesDir = templatesFolder();
    const file = findTemplateFile(templatesDir, p.template);
    if (!file) throw invalid('template', `no template '${p.template}' in ${templatesDir}`);
    return { ...readStackFileText(file), file, sent: false, ...(access === 'own' ? { confine: templatesDir } : {}) };
  }
  if (typeof p.file !== 'string' || p.file === '') throw invalid('file', 'is required');
  if (access === 'own') {
    const templatesDir = templatesFolder();
    const own = [templatesDir, stackFilesDir()].find((d) => isInside(d, p.file!));
    if (!own) {
      throw invalid(
        'file',
        `this front end cannot read files elsewhere on the engine's machine: use a template of ${templatesDir} or send the file's content`,
      );
    }
    return { ...readStackFileText(p.file), file: p.file, sent: false, confine: own };
  }
  return { ...readStackFileText(p.file), file: p.file, sent: false };
}
