// How a message shows a value it complains about: the value's first line, cut to a length that
// fits in one line of an error, control characters escaped. A message must never carry a whole
// file into a terminal or a CI log (a "stack file" may be any text at all), only enough of the
// offending value to find it.

import { escapeControls } from './escapeControls.ts';

/** Characters of a value a message shows at most. */
export const MAX_QUOTED_CHARS = 80;

/** `text` cut to at most `max` characters (code points), `…` marking the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** The first line of `text`, at most `max` characters, escaped; `…` marks what was left out. */
export function snippet(text: string, max = MAX_QUOTED_CHARS): string {
  const lineEnd = text.search(/\r?\n/);
  const firstLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  // Cut before escaping, so an escape sequence is never cut in half; by code points, so a
  // surrogate pair is not either.
  const cut = clip(firstLine, max);
  const more = !cut.endsWith('…') && cut.length < text.length;
  return `${escapeControls(cut, false)}${more ? '…' : ''}`;
}

/** `'value'` (or `"value"`) for a message: see snippet. */
export function quote(text: string, mark: "'" | '"' = "'"): string {
  return `${mark}${snippet(text)}${mark}`;
}
