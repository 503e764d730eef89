// Arrow keys in a list of buttons (the stack list): Up and Down (Home, End) move the selection
// and the focus with it, so the list is walked like a file manager's.

import type { KeyboardEvent } from 'react';
import { listStep } from './shortcuts.ts';

export function moveInList(e: KeyboardEvent<HTMLElement>, names: readonly string[], current: string | null, select: (name: string) => void, testIdOf: (name: string) => string): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const focused = (e.target as HTMLElement).closest('[data-testid]')?.getAttribute('data-testid');
  const from = names.findIndex((n) => testIdOf(n) === focused);
  const next = listStep(e.key, from >= 0 ? from : current ? names.indexOf(current) : -1, names.length);
  if (next === null) return;
  e.preventDefault();
  select(names[next]);
  e.currentTarget.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testIdOf(names[next]))}"]`)?.focus();
}
