import type { Slice } from '../store/appStore.ts';

/**
 * Stacks with news the user has not looked at yet (a notification was shown). The tab title
 * carries a mark while there are any; focusing the window clears all, opening a stack its own.
 */
export interface AttentionSlice {
  attention: string[];
  /** Browser mode: the Notification permission as last seen (it changes outside the page). */
  notificationPermission: NotificationPermission | 'unsupported';
  markAttention(stack: string): void;
  /** One stack's mark, or all of them. */
  clearAttention(stack?: string): void;
  setNotificationPermission(p: AttentionSlice['notificationPermission']): void;
}

export const attentionSlice: Slice<AttentionSlice> = (set) => ({
  attention: [],
  notificationPermission: typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  markAttention: (stack) => set((s) => (s.attention.includes(stack) ? {} : { attention: [...s.attention, stack] })),
  clearAttention: (stack) => set((s) => ({ attention: stack === undefined ? [] : s.attention.filter((x) => x !== stack) })),
  setNotificationPermission: (notificationPermission) => set({ notificationPermission }),
});
