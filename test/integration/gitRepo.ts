// Git repositories made by tests: a copy of a fixture, committed on a branch.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

export interface TestRepo {
  dir: string;
  /** Writes files (path -> content, or [content, mode]) and commits them; returns the commit id. */
  commit(message: string, files?: Record<string, string | [string, number]>): string;
  head(): string;
}

export function makeRepo(dir: string, branch: string, fixture?: string): TestRepo {
  mkdirSync(dir, { recursive: true });
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', branch);
  const repo: TestRepo = {
    dir,
    commit(message, files = {}) {
      for (const [path, value] of Object.entries(files)) {
        const [content, mode] = Array.isArray(value) ? value : [value, 0o644];
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
        chmodSync(full, mode);
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return repo.head();
    },
    head: () => git('rev-parse', 'HEAD'),
  };
  return repo;
}
