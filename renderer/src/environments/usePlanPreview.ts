// The plan for what the dialog's fields say, asked of the engine again (debounced) whenever they
// change: the user sees the stack name, its subnet, the file's problems and what will be built,
// pulled and created before pressing Start. `plan` touches nothing on the engine.

import { useEffect, useState } from 'react';
import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { UpPlan } from '../../../shared/api/plan.ts';
import type { UpParams } from '../../../shared/api/stacks.ts';
import { type Issue, isBranchyardError } from '../../../shared/errors/errors.ts';
import { saidError } from '../api/errorMessage.ts';
import type { Said } from '../i18n/said.ts';

const DEBOUNCE_MS = 350;

export type PlanPreview =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; plan: UpPlan; warnings: string[] }
  | { state: 'problems'; message: Said; issues: Issue[] };

export function usePlanPreview(client: BranchyardClient | null, params: UpParams | null): PlanPreview {
  const [preview, setPreview] = useState<PlanPreview>({ state: 'idle' });
  const key = params ? JSON.stringify(params) : '';
  useEffect(() => {
    if (!client || !params) {
      setPreview({ state: 'idle' });
      return;
    }
    const abort = new AbortController();
    setPreview({ state: 'loading' });
    const timer = setTimeout(() => {
      client.plan(params, { signal: abort.signal }).then(
        (r) => !abort.signal.aborted && setPreview({ state: 'ready', plan: r.plan, warnings: r.warnings }),
        (e) => {
          if (abort.signal.aborted) return;
          const issues = isBranchyardError(e) ? (e.details.issues ?? []) : [];
          setPreview({ state: 'problems', message: saidError(e), issues });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // `key` stands for params: a new object with the same fields is the same plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  return preview;
}
