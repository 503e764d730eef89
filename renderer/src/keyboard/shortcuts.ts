// Which key does what: the app's shortcuts and the terminal's own keys, as data, and the pure
// matching the key handlers use (unit-tested). The help overlay lists these same entries, so what
// it shows is what works.
//
// App shortcuts are single keys, as in GitHub or Gmail, and fire only when the user is not typing:
// not in a text field, a select, or a terminal (a terminal owns every key but its own Ctrl+Shift
// ones). The terminal's focus-release key is Ctrl+Shift+X, not Ctrl+Shift+Escape: Windows takes
// Ctrl+Shift+Escape for the Task Manager before any app sees it, and Shift+Escape is Chromium's
// task manager.

export type AppAction = 'help' | 'newEnvironment' | 'logs' | 'terminal' | 'search' | 'teardown';
export type TerminalAction = 'copy' | 'paste' | 'search' | 'leave';

/** The parts of a KeyboardEvent the matching reads (so tests need no DOM). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

export interface Combo {
  /** KeyboardEvent.key, lower case for letters. */
  key: string;
  ctrl?: boolean;
  shift?: boolean;
}

export const APP_SHORTCUTS: readonly { action: AppAction; combo: Combo }[] = [
  { action: 'help', combo: { key: '?' } },
  { action: 'newEnvironment', combo: { key: 'n' } },
  { action: 'logs', combo: { key: 'l' } },
  { action: 'terminal', combo: { key: 't' } },
  { action: 'search', combo: { key: '/' } },
  { action: 'teardown', combo: { key: 'd', shift: true } },
];

export const TERMINAL_SHORTCUTS: readonly { action: TerminalAction; combo: Combo }[] = [
  { action: 'copy', combo: { key: 'c', ctrl: true, shift: true } },
  { action: 'paste', combo: { key: 'v', ctrl: true, shift: true } },
  { action: 'search', combo: { key: 'f', ctrl: true, shift: true } },
  { action: 'leave', combo: { key: 'x', ctrl: true, shift: true } },
];

const isLetter = (k: string) => /^[a-z]$/i.test(k);

/**
 * Whether the event is the combo. Letters compare without case (Caps Lock, Shift), and Shift must
 * match exactly for them; for other characters ('?', '/') Shift is whatever the layout needs to
 * type them. Alt and Meta never take part (they belong to the system and the browser).
 */
export function matches(e: KeyLike, combo: Combo): boolean {
  if (e.altKey || e.metaKey || e.isComposing) return false;
  if (Boolean(combo.ctrl) !== e.ctrlKey) return false;
  if (isLetter(combo.key)) return e.key.toLowerCase() === combo.key && Boolean(combo.shift) === e.shiftKey;
  return e.key === combo.key;
}

/** The app shortcut the key is, unless the user is typing (then every key is text). */
export function appShortcut(e: KeyLike, typing: boolean): AppAction | null {
  if (typing) return null;
  return APP_SHORTCUTS.find((s) => matches(e, s.combo))?.action ?? null;
}

/**
 * The terminal's own action for a key, or null to let the key reach the shell. Ctrl+C copies
 * only while text is selected (and clears the selection, as Windows Terminal does); without a
 * selection it is the interrupt it always was.
 */
export function terminalShortcut(e: KeyLike, hasSelection: boolean): TerminalAction | null {
  const own = TERMINAL_SHORTCUTS.find((s) => matches(e, s.combo))?.action;
  if (own) return own;
  if (hasSelection && matches(e, { key: 'c', ctrl: true })) return 'copy';
  return null;
}

/** The parts of an element that say whether keys typed there are text. */
export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  closest?(selector: string): unknown;
}

const NOT_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True in a text field, a select, an editable element or a terminal. */
export function isTyping(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  const tag = target.tagName?.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || target.isContentEditable) return true;
  if (tag === 'input') return !NOT_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  return Boolean(target.closest?.('.xterm'));
}

/**
 * The keys as a person reads them: "Ctrl+Shift+C", "Shift+D", "?", and "n" for a letter alone
 * (a capital N would read as Shift+N).
 */
export function comboLabel(combo: Combo): string {
  const key = isLetter(combo.key) && (combo.ctrl || combo.shift) ? combo.key.toUpperCase() : combo.key;
  return [combo.ctrl ? 'Ctrl' : '', combo.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** The next index for an arrow key in a list of `count` items (Home/End too), or null for other keys. */
export function listStep(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return index < 0 ? 0 : Math.min(count - 1, index + 1);
  if (key === 'ArrowUp') return index < 0 ? count - 1 : Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
