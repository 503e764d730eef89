// The branches the New environment dialog offers for a template: those used with it before
// (most recent first) and its repository's branches now (`git ls-remote --heads`). Asking the
// repository must never hang the dialog nor ask for a password: git runs with prompts off
// (runGit.ts), without a terminal, and is ended after 10 s. A repository that cannot be asked
// (offline, no credentials, no such path) is an `error` in the answer beside the used branches,
// not a failed request: the user can still type a branch.

import type { BranchChoice, ListBranchesResult } from '../../../shared/api/templates.ts';
import { isCancelled } from '../../../shared/errors/errors.ts';
import { runGit } from '../build/source/runGit.ts';

export const LS_REMOTE_TIMEOUT_MS = 10_000;

/** The line of git's stderr that says what went wrong (`fatal: ...`), else its last line. */
function gitReason(stderr: string, code: number): string {
  const lines = stderr.split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l));
  return (fatal ?? lines[lines.length - 1] ?? `exit status ${code}`).replace(/^(fatal|error):\s*/, '');
}

/** The repository's branch names, sorted; rejects with a message for people. */
export async function remoteBranches(repository: string, signal: AbortSignal, timeoutMs = LS_REMOTE_TIMEOUT_MS): Promise<string[]> {
  // A repository beginning with '-' would be read by git as an option.
  // eslint-disable-next-line no-control-regex
  if (repository.startsWith('-') || /[\x00-\x1f\x7f]/.test(repository)) throw new Error(`'${repository}' is not a repository URL or path`);
  const timeout = AbortSignal.timeout(timeoutMs);
  let r;
  try {
    r = await runGit(['ls-remote', '--heads', '--', repository], { signal: AbortSignal.any([signal, timeout]) });
  } catch (e) {
    if (signal.aborted) throw e; // the caller cancelled: not a failure of the repository
    if (timeout.aborted) throw new Error(`git ls-remote ${repository} gave no answer within ${timeoutMs / 1000} s`);
    throw e;
  }
  if (r.code !== 0) throw new Error(`git ls-remote ${repository} failed: ${gitReason(r.stderr, r.code)}`);
  const names = r.stdout
    .toString('utf8')
    .split('\n')
    .map((line) => /^[0-9a-f]+\trefs\/heads\/(.+)$/.exec(line.trim())?.[1])
    .filter((n): n is string => Boolean(n));
  return [...new Set(names)].sort();
}

/** Used branches first, then the remote ones not among them; only those starting with `prefix`. */
export function mergeBranches(used: readonly string[], remote: readonly string[], prefix = ''): BranchChoice[] {
  const p = prefix.toLowerCase();
  const fits = (name: string) => name.toLowerCase().startsWith(p);
  const seen = new Set<string>();
  const out: BranchChoice[] = [];
  for (const [names, source] of [
    [used, 'used'],
    [remote, 'remote'],
  ] as const) {
    for (const name of names) {
      if (seen.has(name) || !fits(name)) continue;
      seen.add(name);
      out.push({ name, source });
    }
  }
  return out;
}

export async function listBranches(repository: string | undefined, used: readonly string[], prefix: string | undefined, signal: AbortSignal): Promise<ListBranchesResult> {
  if (repository === undefined) return { branches: mergeBranches(used, [], prefix) };
  try {
    return { repository, branches: mergeBranches(used, await remoteBranches(repository, signal), prefix) };
  } catch (e) {
    if (signal.aborted || isCancelled(e)) throw e;
    return { repository, branches: mergeBranches(used, [], prefix), error: (e as Error).message };
  }
}
