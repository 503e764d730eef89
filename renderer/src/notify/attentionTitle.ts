// The tab (and window) title carries a mark while a notification's news waits to be seen:
// "● Branchyard". Looking clears it: focusing the window clears every mark, opening a stack its own.

import { useApp } from '../store/appStore.ts';

export const TITLE = 'Branchyard';
export const MARKED_TITLE = `● ${TITLE}`;

/** Starts keeping the title; the returned function stops it. */
export function keepAttentionTitle(): () => void {
  const show = () => {
    const title = useApp.getState().attention.length ? MARKED_TITLE : TITLE;
    if (document.title !== title) document.title = title;
  };
  const unsubscribe = useApp.subscribe((s, prev) => {
    if (s.selectedStack && s.view === 'stacks' && (s.selectedStack !== prev.selectedStack || s.view !== prev.view)) s.clearAttention(s.selectedStack);
    if (s.attention !== prev.attention) show();
  });
  const focused = () => useApp.getState().clearAttention();
  window.addEventListener('focus', focused);
  show();
  return () => {
    unsubscribe();
    window.removeEventListener('focus', focused);
  };
}
