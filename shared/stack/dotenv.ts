// Parser for `.env` and `env_file:` files: KEY=VALUE lines, # comments, blank lines, an optional
// `export ` prefix, 'single-quoted' (literal) and "double-quoted" (escapes) values that may span
// lines, and ` # comments` after unquoted values. Problems are collected, each naming its line and
// what is wrong but never quoting the text: an env_file may be any file at all (/etc/shadow), and
// its content must not end up in an error message or a CI log.

export interface DotenvEntry {
  key: string;
  value: string;
  /** 1-based line where the entry starts. */
  line: number;
  /** How the value was written: single-quoted values are literal (no interpolation in compose). */
  quote: 'none' | 'single' | 'double';
}

export interface DotenvProblem {
  line: number;
  message: string;
}

export interface DotenvResult {
  /** Later lines win over earlier ones with the same key. */
  values: Record<string, string>;
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
  $: '$',
};

/**
 * Parses dotenv text. A bare `KEY` line (no `=`) takes its value from `lookup` and is left out
 * when the lookup has none, as compose does for env_file.
 */
export function parseDotenv(text: string, lookup?: (key: string) => string | undefined): DotenvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (!KEY.test(key)) {
      problems.push({ line: lineNo, message: `line ${lineNo}: not a valid variable name (expected KEY=VALUE)` });
      continue;
    }
    if (eq < 0) {
      const inherited = lookup?.(key);
      if (inherited !== undefined) entries.push({ key, value: inherited, line: lineNo, quote: 'none' });
      continue;
    }
    const rest = body.slice(eq + 1).replace(/^[ \t]+/, '');
    const quote = rest[0];
    if (quote !== "'" && quote !== '"') {
      entries.push({ key, value: stripInlineComment(rest).trim(), line: lineNo, quote: 'none' });
      continue;
    }
    // Quoted: the value runs to the matching quote, possibly on a later line.
    const quoted = readQuoted(lines, i, lines[i].indexOf(rest) + 1, quote);
    if ('error' in quoted) {
      problems.push({ line: lineNo, message: `line ${lineNo}: ${quoted.error}` });
      break; // the rest of the file is inside the unterminated quote
    }
    const after = quoted.after.trim();
    if (after !== '' && !after.startsWith('#')) {
      problems.push({ line: quoted.endLine + 1, message: `line ${quoted.endLine + 1}: unexpected text after the closing quote` });
    } else {
      entries.push({ key, value: quoted.value, line: lineNo, quote: quote === "'" ? 'single' : 'double' });
    }
    i = quoted.endLine;
  }

  const values: Record<string, string> = {};
  for (const e of entries) values[e.key] = e.value;
  return { values, entries, problems };
}

/** ` #` starts a comment in an unquoted value; `a#b` does not (compose keeps it). */
function stripInlineComment(value: string): string {
  const m = /(^|[ \t])#/.exec(value);
  return m ? value.slice(0, m.index) : value;
}

function readQuoted(
  lines: string[],
  startLine: number,
  startCol: number,
  quote: "'" | '"',
): { value: string; endLine: number; after: string } | { error: string } {
  let value = '';
  for (let li = startLine; li < lines.length; li++) {
    const line = lines[li];
    let ci = li === startLine ? startCol : 0;
    while (ci < line.length) {
      const ch = line[ci];
      if (ch === quote) return { value, endLine: li, after: line.slice(ci + 1) };
      if (quote === '"' && ch === '\\' && ci + 1 < line.length) {
        const escaped = line[ci + 1];
        value += DOUBLE_QUOTE_ESCAPES[escaped] ?? `\\${escaped}`;
        ci += 2;
        continue;
      }
      value += ch;
      ci++;
    }
    value += '\n';
  }
  return { error: `the ${quote === "'" ? 'single' : 'double'} quote is never closed` };
}
