// Branches to offer in the dialog's Branch field: the template repository's remote branches
// (`git ls-remote`, engine-side) and the branches used with it before, filtered by what is typed.

import { useEffect, useMemo, useState } from 'react';
import type { BranchyardClient } from '../../../shared/api/client.ts';
import { saidError } from '../api/errorMessage.ts';
import { type Said, verbatim } from '../i18n/said.ts';

const DEBOUNCE_MS = 250;

export interface BranchOptions {
  options: { name: string; source: 'remote' | 'used' }[];
  repository?: string;
  /** Why the remote branches could not be listed: git's words, or an engine error. */
  error?: Said;
}

export function useBranchOptions(client: BranchyardClient | null, template: string, typed: string): BranchOptions {
  // The engine answers the whole list once per template; what is typed only filters it here,
  // so a keystroke never waits for a `git ls-remote`.
  const [all, setAll] = useState<BranchOptions>({ options: [] });
  useEffect(() => {
    setAll({ options: [] });
    if (!client || !template) return;
    let current = true;
    const timer = setTimeout(() => {
      client.listBranches({ template }).then(
        (r) => current && setAll({ options: r.branches, repository: r.repository, error: r.error === undefined ? undefined : verbatim(r.error) }),
        (e) => current && setAll({ options: [], error: saidError(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, template]);
  return useMemo(() => {
    const t = typed.trim().toLowerCase();
    const seen = new Set<string>();
    const options = all.options.filter((b) => !seen.has(b.name) && seen.add(b.name) && (!t || b.name.toLowerCase().includes(t)));
    return { ...all, options: options.slice(0, 50) };
  }, [all, typed]);
}
