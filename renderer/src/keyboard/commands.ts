// Shortcut actions that belong to a component's own state (the teardown confirmation of the
// stack view, the search bar of the terminal shown): the component registers a handler while it
// is mounted, the shortcut runs the latest one. Nothing else needs to know how it is done.

import { useEffect, useRef } from 'react';

export type CommandName = 'teardown' | 'terminalSearch';

const handlers = new Map<CommandName, (() => void)[]>();

/** Runs the most recently registered handler; false when no component offers it now. */
export function runCommand(name: CommandName): boolean {
  const list = handlers.get(name);
  const last = list?.[list.length - 1];
  if (!last) return false;
  last();
  return true;
}

/** Offers `run` for `name` while mounted and `enabled`. */
export function useCommand(name: CommandName, run: () => void, enabled = true): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    const entry = () => latest.current();
    const list = handlers.get(name) ?? [];
    handlers.set(name, [...list, entry]);
    return () => {
      handlers.set(name, (handlers.get(name) ?? []).filter((h) => h !== entry));
    };
  }, [name, enabled]);
}
