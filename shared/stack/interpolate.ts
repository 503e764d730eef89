// Compose-style variable interpolation of one string: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?message}, ${VAR?message}, ${VAR:+alt}, ${VAR+alt}, nested words (${A:-${B}}), $$ for a
// literal dollar, and a `$` followed by no name kept literally, as compose v2 does. Pure: the caller supplies the variables and decides what to do with warnings.

import { quote } from '../text/quote.ts';

export type Variables = Record<string, string | undefined>;

export type InterpolateResult =
  | { value: string; error?: undefined; warnings: string[]; unset: string[] }
  | { error: string; value?: undefined; warnings: string[]; unset: string[]; reason: InterpolationFailure };

/**
 * What went wrong, without quoting the text: for values of another file (an env_file), whose
 * content an error must not show.
 */
export type InterpolationFailure = 'syntax' | 'required';

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

/** A parsed template: literal text and variable references, evaluated lazily (a default that is
 *  not needed must not raise its own `:?` error, as in a shell). */
type Part =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; op?: Operator; word?: Part[] };

class SyntaxProblem extends Error {}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const OPERATORS: Operator[] = [':-', ':?', ':+', '-', '?', '+'];

function readName(text: string, pos: number): number {
  if (pos >= text.length || !NAME_START.test(text[pos])) return pos;
  let end = pos + 1;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  return end;
}

/**
 * Parses from `pos` until the end of the text, or (inside braces) until the `}` that closes the
 * current expression. Returns the parts and the position after the last consumed character.
 */
function parseParts(text: string, pos: number, insideBraces: boolean): { parts: Part[]; pos: number } {
  const parts: Part[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  while (pos < text.length) {
    const ch = text[pos];
    if (insideBraces && ch === '}') break;
    if (ch !== '$') {
      literal += ch;
      pos++;
      continue;
    }
    const next = text[pos + 1];
    if (next === '$') {
      literal += '$';
      pos += 2;
      continue;
    }
    if (next === '{') {
      flush();
      const parsed = parseBraced(text, pos + 2);
      parts.push(parsed.part);
      pos = parsed.pos;
      continue;
    }
    const end = readName(text, pos + 1);
    if (end === pos + 1) {
      // Compose v2 keeps a `$` that no name follows (`5$`, `$ `, `$1`) as it is written.
      literal += '$';
      pos++;
      continue;
    }
    flush();
    parts.push({ kind: 'var', name: text.slice(pos + 1, end) });
    pos = end;
  }
  flush();
  return { parts, pos };
}

/** Parses what follows `${`, up to and including its closing brace. */
function parseBraced(text: string, pos: number): { part: Part; pos: number } {
  const nameEnd = readName(text, pos);
  if (nameEnd === pos) {
    throw new SyntaxProblem(`invalid interpolation format in ${quote(text, '"')}: \${ must be followed by a variable name`);
  }
  const name = text.slice(pos, nameEnd);
  if (text[nameEnd] === '}') return { part: { kind: 'var', name }, pos: nameEnd + 1 };
  const op = OPERATORS.find((o) => text.startsWith(o, nameEnd));
  if (!op) {
    const what = nameEnd >= text.length ? 'is not closed with }' : `has ${quote(text[nameEnd])} after the name`;
    throw new SyntaxProblem(`invalid interpolation format in ${quote(text, '"')}: \${${name} ${what}`);
  }
  const word = parseParts(text, nameEnd + op.length, true);
  if (text[word.pos] !== '}') {
    throw new SyntaxProblem(`invalid interpolation format in ${quote(text, '"')}: \${${name} is not closed with }`);
  }
  return { part: { kind: 'var', name, op, word: word.parts }, pos: word.pos + 1 };
}

class RequiredMissing extends Error {}

function evaluate(parts: Part[], vars: Variables, unset: Set<string>): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const value = vars[part.name];
    const isSet = value !== undefined;
    const isNonEmpty = isSet && value !== '';
    const word = () => evaluate(part.word ?? [], vars, unset);
    switch (part.op) {
      case undefined:
        if (!isSet) unset.add(part.name);
        out += value ?? '';
        break;
      case ':-':
        out += isNonEmpty ? value : word();
        break;
      case '-':
        out += isSet ? value : word();
        break;
      case ':+':
        out += isNonEmpty ? word() : '';
        break;
      case '+':
        out += isSet ? word() : '';
        break;
      case ':?':
      case '?': {
        const ok = part.op === ':?' ? isNonEmpty : isSet;
        if (!ok) {
          const message = word();
          throw new RequiredMissing(
            `required variable ${part.name} is missing a value${message ? `: ${message}` : ''}`,
          );
        }
        out += value;
        break;
      }
    }
  }
  return out;
}

/** Interpolates `text`. Unset variables without a default become "" and are listed in `unset`. */
export function interpolate(text: string, vars: Variables): InterpolateResult {
  if (!text.includes('$')) return { value: text, warnings: [], unset: [] };
  const unset = new Set<string>();
  try {
    const { parts } = parseParts(text, 0, false);
    const value = evaluate(parts, vars, unset);
    const names = [...unset];
    return { value, warnings: names.map(unsetWarning), unset: names };
  } catch (e) {
    if (e instanceof SyntaxProblem || e instanceof RequiredMissing) {
      const names = [...unset];
      const reason: InterpolationFailure = e instanceof SyntaxProblem ? 'syntax' : 'required';
      return { error: e.message, warnings: names.map(unsetWarning), unset: names, reason };
    }
    throw e;
  }
}

export function unsetWarning(name: string): string {
  return `variable ${name} is not set, using an empty string`;
}
