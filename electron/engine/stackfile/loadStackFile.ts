// Reads a stack file from disk and parses it: the Node half of shared/stack/parse.ts, which
// cannot touch the file system itself because the renderer uses it too.

import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { StackTemplate } from '../../../shared/stack/model.ts';
import { parseDotenv } from '../../../shared/stack/dotenv.ts';
import { MAX_STACK_FILE_BYTES, parseStackFile } from '../../../shared/stack/parse.ts';

export interface LoadedStackFile {
  template: StackTemplate;
  warnings: string[];
  /** Absolute path of the file. */
  path: string;
  dir: string;
}

function readText(path: string, shown: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw BranchyardError.invalid([{ file: shown, message: code === 'ENOENT' ? 'no such file' : `cannot read: ${code}` }]);
  }
  if (size > MAX_STACK_FILE_BYTES) {
    throw BranchyardError.invalid([{ file: shown, message: `file is ${size} bytes, more than the 1 MiB a stack file may have` }]);
  }
  return readFileSync(path, 'utf8');
}

/** `.env` beside the stack file, as compose reads it. Its problems are issues of that file. */
function readDotenvBeside(dir: string, shownDir: string): Record<string, string> {
  const path = resolve(dir, '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const r = parseDotenv(text);
  if (r.problems.length) {
    const file = shownDir === '.' ? '.env' : `${shownDir}/.env`;
    throw BranchyardError.invalid(r.problems.map((p): Issue => ({ file, line: p.line, message: p.message })));
  }
  return r.values;
}

/**
 * The template's name before interpolation, so ${STACK} can be known while interpolating:
 * `name:` when it is a plain string, else the file's base name.
 */
export function templateNameOf(text: string, path: string): string {
  try {
    const name = parseDocument(text).get('name');
    if (typeof name === 'string' && name && !name.includes('$')) return name;
  } catch {
    // The full parse reports whatever is wrong with the file.
  }
  return basename(path, extname(path));
}

export interface LoadOptions {
  /** Variables on top of the process environment and `.env`: BRANCH, BRANCH_SLUG, STACK. */
  vars?: Record<string, string | undefined>;
  env?: NodeJS.ProcessEnv;
}

/** Reads only the text and the name: the caller needs the name to work out the stack. */
export function readStackFileText(file: string): { text: string; path: string; name: string } {
  const path = resolve(file);
  const text = readText(path, file);
  return { text, path, name: templateNameOf(text, path) };
}

export function loadStackFile(file: string, text: string, o: LoadOptions = {}): LoadedStackFile {
  const path = resolve(file);
  const dir = dirname(path);
  // Compose's precedence: the process environment wins over `.env`; our own variables win over both.
  const vars = { ...readDotenvBeside(dir, dirname(file)), ...(o.env ?? process.env), ...o.vars };
  const { template, warnings } = parseStackFile(text, {
    file,
    vars,
    readFile: (p: string) => {
      try {
        return readFileSync(resolve(dir, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return { template, warnings, path, dir };
}
