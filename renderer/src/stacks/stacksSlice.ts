import type { StacksEvent } from '../../../shared/api/stacks.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import type { Outcome } from '../api/useOperation.ts';
import type { Said } from '../i18n/said.ts';
import { translator } from '../i18n/translate.ts';
import type { Slice } from '../store/appStore.ts';

export interface StacksSlice {
  /** Sorted by name, as the engine lists them. */
  stacks: StackStatus[];
  /** False until the first snapshot: "no stacks" is only said once it is known. */
  stacksLoaded: boolean;
  /** Why live status is not flowing (the stream failed or ended); null while it flows. */
  stacksProblem: Said | null;
  /**
   * The Docker engine does not answer (the status stream retries by itself): the stacks shown
   * are as last seen. Null while it answers.
   */
  engineDown: { endpoint: string; reason: Said } | null;
  /**
   * What the last teardown of each stack came to (archive path or error). Kept here, not in the
   * view: the stack vanishes from the list as it is removed, and its page with it.
   */
  teardowns: Record<string, Outcome>;
  applyStacksEvent(e: StacksEvent): void;
  setStacksProblem(problem: Said | null): void;
  noteTeardown(stack: string, outcome: Outcome | null): void;
}

function upsert(stacks: StackStatus[], name: string, stack: StackStatus | null): StackStatus[] {
  const rest = stacks.filter((s) => s.name !== name);
  if (!stack) return rest;
  return [...rest, stack].sort((a, b) => a.name.localeCompare(b.name));
}

export const stacksSlice: Slice<StacksSlice> = (set) => ({
  stacks: [],
  stacksLoaded: false,
  stacksProblem: null,
  engineDown: null,
  teardowns: {},
  applyStacksEvent: (e) => {
    switch (e.type) {
      case 'snapshot':
        set({ stacks: e.stacks, stacksLoaded: true, stacksProblem: null, engineDown: null });
        return;
      case 'stack':
        set((s) => ({ stacks: upsert(s.stacks, e.name, e.stack) }));
        return;
      case 'disconnected':
        set({ engineDown: { endpoint: e.endpoint, reason: (lang) => translator(lang, 'api')('retrying', { reason: e.reason, seconds: Math.ceil(e.retryInMs / 1000) }) } });
    }
  },
  setStacksProblem: (stacksProblem) => set({ stacksProblem }),
  noteTeardown: (stack, outcome) =>
    set((s) => {
      const teardowns = { ...s.teardowns };
      if (outcome) teardowns[stack] = outcome;
      else delete teardowns[stack];
      return { teardowns };
    }),
});

/** The stacks shown may be out of date: the server or the engine is out of reach. */
export function stacksStale(s: Pick<AppStateLike, 'link' | 'engineDown' | 'stacksProblem'>): boolean {
  return s.link.state !== 'open' || s.engineDown !== null || s.stacksProblem !== null;
}

interface AppStateLike {
  link: { state: string };
  engineDown: StacksSlice['engineDown'];
  stacksProblem: Said | null;
}
