// Browser mode: the Notification API needs the user's permission. The page never asks on load
// (browsers rank such prompts as spam, and the user has no reason yet): it asks when the user
// does something whose end they will want to hear about (a teardown, a new environment's Start),
// or when they turn notifications on in the sidebar. Asked once per page: a dismissed prompt is
// not repeated at every click. The desktop app needs no permission (its shell shows them).

import { inDesktopApp } from '../api/connection.ts';
import { useApp } from '../store/appStore.ts';

let asked = false;

/** The permission now, also kept in the store for the views. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  const p = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  if (useApp.getState().notificationPermission !== p) useApp.getState().setNotificationPermission(p);
  return p;
}

/**
 * Call from the click of a button whose work ends later (Start, Tear down): asks for the
 * permission if it was never given or refused, and only the first time. Never throws.
 */
export async function askForNotifications(o: { again?: boolean } = {}): Promise<NotificationPermission | 'unsupported'> {
  if (inDesktopApp) return 'granted';
  const now = notificationPermission();
  if (now !== 'default' || (asked && !o.again)) return now;
  asked = true;
  try {
    await Notification.requestPermission();
  } catch {
    // A browser that refuses to ask (no user gesture): the permission stays as it was.
  }
  return notificationPermission();
}
