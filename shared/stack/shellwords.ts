// Splits a compose `command:` / `entrypoint:` string into argv the way a POSIX shell (or Python's
// shlex.split) would, without expansion: quotes group, backslashes escape, nothing else is special.

export function splitShellWords(text: string): { args: string[] } | { error: string } {
  const args: string[] = [];
  let current = '';
  let inWord = false; // distinguishes "" (an empty argument) from no argument at all
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === '\\') {
      // A trailing backslash stands for itself; backslash-newline joins lines.
      if (i + 1 >= text.length) current += '\\';
      else if (text[i + 1] !== '\n') current += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { error: `unterminated single quote in: ${text}` };
      current += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        // Inside double quotes a backslash only escapes these, as in sh.
        if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') current += text[i + 1];
          i += 2;
          continue;
        }
        current += c;
        i++;
      }
      if (!closed) return { error: `unterminated double quote in: ${text}` };
      continue;
    }
    current += ch;
    i++;
  }
  if (inWord) args.push(current);
  return { args };
}

/** One argument as a POSIX shell reads it back unchanged: bare when it is safe, else in single quotes. */
export function quoteShellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
