// Reads a stack file from disk and parses it: the Node half of shared/stack/parse.ts, which
// cannot touch the file system itself because the renderer uses it too.

import { basename, dirname, extname, resolve } from 'node:path';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { StackTemplate } from '../../../shared/stack/model.ts';
import { parseDotenv } from '../../../shared/stack/dotenv.ts';
import { parseStackFile } from '../../../shared/stack/parse.ts';
import { parseYaml } from '../../../shared/stack/yamlNodes.ts';
import { readRegularFile } from './readRegularFile.ts';
import { isInside } from '../files/isInside.ts';

export interface LoadedStackFile {
  template: StackTemplate;
  warnings: string[];
  /** Absolute path of the file. */
  path: string;
  dir: string;
}

/** The stack file's text, or an invalid-input error saying why it cannot be one. */
function readText(path: string, shown: string): string {
  const read = readRegularFile(path, 'a stack file');
  if ('text' in read) return read.text;
  throw BranchyardError.invalid([{ file: shown, message: 'missing' in read ? 'no such file' : `file ${read.problem}` }]);
}

/** `.env` beside the stack file, as compose reads it. Its problems are issues of that file. */
function readDotenvBeside(dir: string, shownDir: string): Record<string, string> {
  const file = shownDir === '.' ? '.env' : `${shownDir}/.env`;
  const read = readRegularFile(resolve(dir, '.env'), 'a .env file');
  if ('missing' in read) return {};
  if ('problem' in read) throw BranchyardError.invalid([{ file, message: `file ${read.problem}` }]);
  const r = parseDotenv(read.text);
  if (r.problems.length) {
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
    const name = parseYaml(text).doc.get('name');
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
  /** Files the stack file names (env_file) must lie in this folder (the app's own folders). */
  confine?: string;
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
    readFile: (p: string) =>
      o.confine && !isInside(o.confine, resolve(dir, p))
        ? { problem: `this front end may only read files in ${o.confine}` }
        : readRegularFile(resolve(dir, p), 'an env_file'),
  });
  return { template, warnings, path, dir };
}
