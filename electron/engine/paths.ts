// Where Branchyard keeps files on the host: build logs (kept with the stack until teardown
// captures them) and repository mirrors. Overridable for tests and CI.

import { homedir } from 'node:os';
import { join } from 'node:path';

/** BRANCHYARD_DATA_DIR, else $XDG_DATA_HOME/branchyard, else ~/.local/share/branchyard. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BRANCHYARD_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local/share'), 'branchyard');
}

/**
 * Where repository mirrors go: BRANCHYARD_CACHE_DIR, else `cache` in BRANCHYARD_DATA_DIR when
 * that is set (one folder holds everything Branchyard keeps: a CI job that points it at its
 * workspace leaves nothing in the home folder), else $XDG_CACHE_HOME/branchyard, else
 * ~/.cache/branchyard.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BRANCHYARD_CACHE_DIR) return env.BRANCHYARD_CACHE_DIR;
  if (env.BRANCHYARD_DATA_DIR) return join(env.BRANCHYARD_DATA_DIR, 'cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'branchyard');
}

/** The default templates folder (the templatesDir setting and BRANCHYARD_TEMPLATES say otherwise). */
export function templatesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'templates');
}

/** Stack files a page sent as content, kept per stack so that redeploy can read them again. */
export function stackFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'stack-files');
}

/** The build log of one service of one stack. */
export function buildLogPath(stack: string, service: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'builds', stack, `${service}.log`);
}
