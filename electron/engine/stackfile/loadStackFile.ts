// Reads a stack file from disk and parses it: the Node half of shared/stack/parse.ts, which
// cannot touch the file system itself because the renderer uses it too.

import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { StackTemplate } from '../../../shared/stack/model.ts';
import { parseDotenv } from '../../../shared/stack/dotenv.ts';
import { interpolate } from '../../../shared/stack/interpolate.ts';
import { parseStackFile, templateNameFromFile } from '../../../shared/stack/parse.ts';
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
 * The template's name, known before the file is fully read so ${STACK} can be set for it:
 * `name:` (interpolated with `vars`, as compose does), else the file's base name cleaned up
 * (templateNameFromFile). A name that is not valid is returned as it is: the full parse reports it.
 */
export function templateNameOf(text: string, path: string, vars: Record<string, string | undefined> = {}): string {
  try {
    const name = parseYaml(text).doc.get('name');
    if (typeof name === 'string' && name) {
      const r = interpolate(name, vars);
      if (r.value) return r.value;
    }
  } catch {
    // The full parse reports whatever is wrong with the file.
  }
  return templateNameFromFile(path);
}

/** The variables `name:` may use before the file is loaded: the .env beside it under the process environment. */
function nameVars(path: string, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  try {
    return { ...readDotenvBeside(dirname(path), dirname(path)), ...env };
  } catch {
    return { ...env }; // a broken .env is reported by the full load
  }
}

export interface LoadOptions {
  /** Variables on top of the process environment and `.env`: BRANCH, BRANCH_SLUG, STACK. */
  vars?: Record<string, string | undefined>;
  env?: NodeJS.ProcessEnv;
  /** Files the stack file names (env_file) must lie in this folder (the app's own folders). */
  confine?: string;
  /** Profiles to activate (`--profile`); undefined: COMPOSE_PROFILES. */
  profiles?: string[];
}

/** Reads only the text and the name: the caller needs the name to work out the stack. */
export function readStackFileText(file: string, env: NodeJS.ProcessEnv = process.env): { text: string; path: string; name: string } {
  const path = resolve(file);
  const text = readText(path, file);
  return { text, path, name: templateNameOf(text, path, nameVars(path, env)) };
}

/** Why a file a secret or config names cannot be bind-mounted, or undefined when it can. */
function mountableProblem(path: string): string | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? undefined : s.isDirectory() ? 'is a directory, not a file' : 'is not a regular file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`;
  }
}

export function loadStackFile(file: string, text: string, o: LoadOptions = {}): LoadedStackFile {
  const path = resolve(file);
  const dir = dirname(path);
  // Compose's precedence: the process environment wins over `.env`; our own variables win over both.
  const vars = { ...readDotenvBeside(dir, dirname(file)), ...(o.env ?? process.env), ...o.vars };
  const outside = (p: string) => (o.confine && !isInside(o.confine, resolve(dir, p)) ? `this front end may only read files in ${o.confine}` : undefined);
  const { template, warnings } = parseStackFile(text, {
    file,
    vars,
    profiles: o.profiles,
    readFile: (p: string) => {
      const problem = outside(p);
      return problem ? { problem } : readRegularFile(resolve(dir, p), 'a file the stack file names');
    },
    fileProblem: (p: string) => {
      const problem = outside(p);
      return problem ? `cannot be mounted: ${problem}` : mountableProblem(resolve(dir, p));
    },
  });
  return { template, warnings, path, dir };
}
