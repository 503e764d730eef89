// What of the source leaves the upload: `.s2iignore` (s2i's pkg/ignore) and `x-s2i.exclude`
// (s2i's --exclude regular expression, applied to files when the source is tarred).
//
// .s2iignore as s2i applies it: lines trimmed of spaces, `#` lines are comments; each other line
// is a Go filepath.Glob pattern relative to the source root (not recursive: `*.log` matches only
// at the top, `logs/*.log` only in logs/), and whatever it matches goes, a folder with everything
// in it. A `!pattern` line takes back what earlier lines matched (filepath.Match, so `*` never
// crosses a `/`); later lines may match it again. Blank lines are skipped (s2i would glob the
// source root itself and delete all of it).

export interface IgnoreRule {
  negate: boolean;
  /** The pattern as a regular expression over a path relative to the source root. */
  match: RegExp;
}

/** Go's filepath.Match syntax (`*`, `?`, `[...]` with `^`, `\` escapes) as a RegExp; undefined when malformed. */
export function goPattern(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      re += escape(pattern[++i]);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let first = true;
      for (; j < pattern.length && (pattern[j] !== ']' || first); j++) {
        first = false;
        let ch = pattern[j];
        if (ch === '\\') {
          if (j + 1 >= pattern.length) return undefined;
          ch = pattern[++j];
        }
        cls += ch === '-' && cls !== '' && cls !== '^' && pattern[j + 1] !== ']' ? '-' : escapeClass(ch);
      }
      if (j >= pattern.length || cls === '' || cls === '^') return undefined;
      // A class never matches the separator, as in Go.
      re += cls.startsWith('^') ? `[${cls}/]` : `(?!/)[${cls}]`;
      i = j;
    } else re += escape(c);
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return undefined;
  }
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}

/** A pattern joined to the source root and cleaned, as filepath.Join does: relative, no `.`, no trailing `/`. */
function cleanPattern(p: string): string | undefined {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return undefined;
  return parts.join('/');
}

export function parseS2iIgnore(text: string): { rules: IgnoreRule[]; problems: { line: number; message: string }[] } {
  const rules: IgnoreRule[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    let spec = raw.replace(/\r$/, '').replace(/^ +| +$/g, '');
    if (!spec || spec.startsWith('#')) return;
    const negate = spec.startsWith('!');
    if (negate) spec = spec.slice(1);
    const clean = cleanPattern(spec);
    const match = clean ? goPattern(clean) : undefined;
    if (!match) {
      problems.push({ line: i + 1, message: `'${raw.trim()}' is not a pattern inside the source: ignored` });
      return;
    }
    rules.push({ negate, match });
  });
  return { rules, problems };
}

/** Whether `path` (relative, no trailing slash) is in the set the rules remove, the rules taken in order. */
function ignoredItself(rules: IgnoreRule[], path: string): boolean {
  let ignored = false;
  for (const r of rules) if (r.match.test(path)) ignored = !r.negate;
  return ignored;
}

/**
 * A test for entries of the source tar: true for what does not go into the image. `name` is the
 * entry's path relative to the source root; folders may end with `/`.
 */
export function sourceFilter(o: { ignore?: IgnoreRule[]; exclude?: RegExp }): (name: string, isDir: boolean) => boolean {
  const rules = o.ignore ?? [];
  return (name, isDir) => {
    const path = name.replace(/\/+$/, '');
    // s2i's exclude pattern selects files only; folders stay (empty when all their files went).
    if (!isDir && o.exclude && o.exclude.source !== '(?:)' && o.exclude.test(path)) return true;
    if (!rules.length) return false;
    const parts = path.split('/');
    for (let n = 1; n <= parts.length; n++) if (ignoredItself(rules, parts.slice(0, n).join('/'))) return true;
    return false;
  };
}

/** s2i's default exclusion: the .git folder. */
export const DEFAULT_EXCLUDE = '(^|/)\\.git(/|$)';
