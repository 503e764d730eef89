// `.s2i/environment` and `x-s2i.env_file`, read as s2i reads them (pkg/util/env.go,
// ReadEnvironmentFile): each line is trimmed; lines starting with `#` or `//` are comments; the
// rest is split at the first `=`, name and value trimmed. Nothing else: quotes stay part of the
// value, `#` after a value is part of it, `export` is part of the name. A line without `=` is
// skipped, as s2i does. Not a dotenv file: a value written `"a b"` keeps its quotes in the image.

export interface S2iEnvironment {
  values: Record<string, string>;
  /** Lines s2i would use but the engine would refuse (an empty name): skipped, with a warning. */
  problems: { line: number; message: string }[];
}

export function parseS2iEnvironment(text: string): S2iEnvironment {
  const values: Record<string, string> = {};
  const problems: S2iEnvironment['problems'] = [];
  // bufio.Scanner's lines: split at \n, a trailing \r dropped (TrimSpace removes it anyway).
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (s.startsWith('#') || s.startsWith('//')) return;
    const eq = s.indexOf('=');
    if (eq < 0) return;
    const name = s.slice(0, eq).trim();
    const value = s.slice(eq + 1).trim();
    if (!name) {
      problems.push({ line: i + 1, message: `'${s}' has no variable name before '=': skipped` });
      return;
    }
    values[name] = value;
  });
  return { values, problems };
}
