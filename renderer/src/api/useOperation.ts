// One-off requests from a view (redeploy, teardown, and later up): one hook holds what every such
// button needs, so no component writes busy/progress/outcome state anew. It owns an AbortController:
// `cancel()` aborts the call, the client sends `cancel`, and the engine stops every step of it (the
// same signal the command line's Ctrl-C fires). A cancelled call ends as a 'cancelled' outcome.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallOptions } from '../../../shared/api/client.ts';
import { isCancelled } from '../../../shared/errors/errors.ts';
import { escapeControls } from '../../../shared/text/escapeControls.ts';
import type { Said } from '../i18n/said.ts';
import { saidError } from './errorMessage.ts';

export interface Outcome {
  ok: boolean;
  /** Worded when drawn, so a language switch rewords it too. */
  text: Said;
  cancelled?: boolean;
}

export interface Operation<K extends string> {
  /** Which operation runs now, if any. */
  busy: K | null;
  /** The newest progress line of the running operation. */
  progress: string;
  outcome: Outcome | null;
  /** Runs `call` as operation `kind`; its resolved text is the outcome, a rejection the error. */
  run(kind: K, call: (options: CallOptions) => Promise<Outcome>): Promise<Outcome>;
  cancel(): void;
}

export function useOperation<K extends string>(): Operation<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const [progress, setProgress] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const controller = useRef<AbortController | null>(null);
  // A view that goes away while its operation runs does not cancel it (a teardown must finish),
  // but it must not set state any more.
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const run = useCallback(async (kind: K, call: (options: CallOptions) => Promise<Outcome>): Promise<Outcome> => {
    const abort = new AbortController();
    controller.current = abort;
    setBusy(kind);
    setOutcome(null);
    setProgress('');
    let result: Outcome;
    try {
      result = await call({
        signal: abort.signal,
        onProgress: (e) => mounted.current && setProgress(escapeControls(`${e.service ? `[${e.service}] ` : ''}${e.message}`)),
      });
    } catch (e) {
      result = isCancelled(e) ? { ok: false, cancelled: true, text: saidError(e) } : { ok: false, text: saidError(e) };
    }
    if (controller.current === abort) controller.current = null;
    if (mounted.current) {
      setBusy(null);
      setProgress('');
      setOutcome(result);
    }
    return result;
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { busy, progress, outcome, run, cancel };
}
