// The terminals' colours come from the same theme as the rest of the page (themes.css): xterm.js
// draws on a canvas and cannot read CSS, so it gets the values, and again whenever the theme changes.

import type { ITheme } from '@xterm/xterm';

/** xterm.js's names for ANSI's 16 colours, in order (--ansi-f0 .. --ansi-f15 in themes.css). */
const ANSI = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
] as const;

/** The xterm.js theme of the theme shown now. */
export function terminalTheme(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const theme: ITheme = {
    background: v('--console'),
    foreground: v('--console-text'),
    cursor: v('--console-text'),
    cursorAccent: v('--console'),
    selectionBackground: v('--console-selection'),
  };
  ANSI.forEach((name, i) => (theme[name] = v(`--ansi-f${i}`)));
  return theme;
}

/**
 * Calls `apply` with the new terminal theme each time the page's theme changes (<html data-theme>,
 * set by useDocumentTheme), so a terminal switches with the page. Returns the unsubscribe.
 */
export function followTerminalTheme(apply: (theme: ITheme) => void): () => void {
  const observer = new MutationObserver(() => apply(terminalTheme()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
