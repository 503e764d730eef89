// Copies a whole log line (its text as shown: escape codes removed) to the clipboard. The page
// is a secure context in both front ends (127.0.0.1 in the browser mode, file: in the app).

import { parseAnsi } from './ansi.ts';

export function plainText(text: string): string {
  return parseAnsi(text)
    .map((s) => s.text)
    .join('');
}

export function copyLine(text: string): Promise<void> {
  return navigator.clipboard.writeText(plainText(text));
}
