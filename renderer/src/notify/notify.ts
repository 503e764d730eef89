// The one way the UI tells the user that something they are waiting for is done: an environment
// ready or failed (from the live status, whoever started it), a teardown finished with its
// archive, or anything else a view wants to announce (notifyUser; views whose work ends later
// call askForNotifications at their button, as teardown and the New environment dialog do).
// The desktop app shows a native notification through its shell (the contract's `notify`; the
// page has no Node and no Electron); the browser mode uses the Notification API once the user
// allowed it (permission.ts). Either way a click opens the stack, and until the user looks the
// title carries a mark (attentionTitle.ts).

import { inDesktopApp } from '../api/connection.ts';
import type { Outcome } from '../api/useOperation.ts';
import { tNow } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { notificationPermission } from './permission.ts';
import { type StackNews, newsText } from './stackReadiness.ts';

export interface UserNotification {
  /** The stack it is about: a click opens it. */
  stack: string;
  title: string;
  body: string;
}

function openStack(stack: string): void {
  window.focus();
  useApp.getState().selectStack(stack);
}

export function notifyUser(n: UserNotification): void {
  const state = useApp.getState();
  // Someone looking at that very stack needs no mark (the notification still goes out).
  const looking = document.hasFocus() && state.view === 'stacks' && state.selectedStack === n.stack;
  if (!looking) state.markAttention(n.stack);
  if (inDesktopApp) {
    // The shell focuses the window and sends `open-stack` back when it is clicked (watchShellEvents.ts).
    state.client?.notify({ title: n.title, body: n.body, stack: n.stack }).catch(() => {});
    return;
  }
  if (notificationPermission() !== 'granted') return;
  try {
    // One per stack at a time: news about a stack replaces its older notification.
    const note = new Notification(n.title, { body: n.body, tag: `branchyard:${n.stack}` });
    note.onclick = () => {
      openStack(n.stack);
      note.close();
    };
  } catch {
    // A browser that offers the API but cannot show one here (some mobile browsers): the mark stays.
  }
}

export function notifyStackNews(news: StackNews): void {
  notifyUser({ stack: news.stack.name, ...newsText(news, tNow('notify')) });
}

/** A finished teardown (a cancelled one is the user's own doing: no news). */
export function notifyTeardown(stack: string, outcome: Outcome, archive: string | undefined): void {
  if (outcome.cancelled) return;
  const t = tNow('notify');
  const lang = useApp.getState().language;
  if (outcome.ok) notifyUser({ stack, title: t('tornDownTitle', { stack }), body: archive ? t('logsCaptured', { archive }) : outcome.text(lang) });
  else notifyUser({ stack, title: t('teardownFailedTitle', { stack }), body: outcome.text(lang) });
}
