// What a template is called. Its id is its file name in the templates folder without .yml/.yaml,
// so an id is a safe file name: letters, digits, '.', '_' and '-', starting with a letter or
// digit, never '..' (no way out of the folder), at most 128 characters. An imported template's
// id is its name slugged (lowercase, every other run of characters one '-'), so it is also a
// valid template name when the file has no `name:` of its own. Plain TypeScript: the Templates
// screen shows the id an import will get with the same rule the engine applies.

import type { Issue } from '../errors/errors.ts';
import { quote } from '../text/quote.ts';

export const TEMPLATE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const MAX_TEMPLATE_ID = 128;
/** A slugged name is cut here: a stack name (<template>-<branch slug>) has at most 63 characters. */
export const MAX_IMPORTED_ID = 40;

/** Why `id` cannot name a template file, or undefined. */
export function templateIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return 'is required';
  const shown = quote(id);
  if (id.includes('/') || id.includes('\\')) return `${shown} is not a template id: it must not contain '/' or '\\' (ids are file names in the templates folder)`;
  if (id.includes('..')) return `${shown} is not a template id: it must not contain '..'`;
  if (id.length > MAX_TEMPLATE_ID) return `${shown} is not a template id: it is longer than ${MAX_TEMPLATE_ID} characters`;
  if (!TEMPLATE_ID.test(id)) return `${shown} is not a template id (letters, digits, . _ -, starting with a letter or digit)`;
  return undefined;
}

/** The id of a template file name (`shop.yml` -> `shop`), or undefined when it is not one. */
export function templateIdOfFile(fileName: string): string | undefined {
  const m = /^(.*)\.(yml|yaml)$/.exec(fileName);
  return m && !templateIdProblem(m[1]) ? m[1] : undefined;
}

/** A name made into an id: lowercase, runs of other characters as one '-', trimmed, cut to 40. */
export function slugTemplateName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_IMPORTED_ID)
    .replace(/[-_]+$/, '');
}

/**
 * The id an import gets: the name given, else the file's `name:`, slugged. A given name that
 * looks like a path (`/`, `\`, `..`) or holds control characters is refused rather than slugged
 * into something the user did not mean.
 */
export function importedTemplateId(given: string | undefined, fileName: string | undefined): { id: string } | { issue: Issue } {
  const field = given !== undefined ? 'name' : 'content';
  const raw = given !== undefined ? given : fileName;
  if (raw === undefined || raw.trim() === '') {
    return { issue: { field: 'name', message: given !== undefined ? 'is empty' : 'is required: the file has no name: of its own (give one)' } };
  }
  // eslint-disable-next-line no-control-regex
  if (/[/\\\x00-\x1f\x7f]/.test(raw) || raw.includes('..')) {
    return { issue: { field, message: `${quote(raw)} cannot name a template: it must not contain '/', '\\', '..' or control characters` } };
  }
  const id = slugTemplateName(raw);
  if (!id) return { issue: { field, message: `${quote(raw)} cannot name a template: it has no letter or digit` } };
  return { id };
}
