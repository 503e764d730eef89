// Copy and paste for a terminal through the async clipboard API (a secure context: the browser
// mode's 127.0.0.1 and Electron's file page both are). Pasted text goes through term.paste, so
// bracketed paste mode is honoured and a pasted newline does not run a command in a shell that
// asked for it.

import type { Terminal } from '@xterm/xterm';
import { errorMessage } from '../api/errorMessage.ts';

/** Copies the selection; false when nothing is selected. Throws what the clipboard said. */
export async function copySelection(term: Terminal): Promise<number> {
  const text = term.getSelection();
  if (!text) return 0;
  await navigator.clipboard.writeText(text);
  return text.length;
}

export async function pasteInto(term: Terminal): Promise<void> {
  const text = await navigator.clipboard.readText();
  if (text) term.paste(text);
}

export function clipboardError(e: unknown): string {
  return e instanceof DOMException && e.name === 'NotAllowedError' ? e.message || e.name : errorMessage(e);
}
