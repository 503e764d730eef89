// Text from a stack file (or an engine, or a build) may carry control characters: an ESC sequence
// can recolour or clear a terminal, retitle its window or write to the clipboard, a CR can hide
// the line before it, and bidirectional overrides reorder what a reader sees. Text formatted for
// people shows every such character as a visible escape instead. Idempotent: an escape is plain
// text, so escaping twice changes nothing.

const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };

// C0 controls, DEL, C1 controls (U+0080-U+009F: U+009B is CSI on some terminals), the Unicode
// line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
}

/**
 * `text` with its control characters written as escapes (`\x1b`, `\r`, `\u{202e}`). Line breaks
 * and tabs stay as they are unless `keepLayout` is false: a message may span lines on purpose,
 * a quoted value may not.
 */
export function escapeControls(text: string, keepLayout = true): string {
  return text.replace(CONTROL, (ch) => (keepLayout && (ch === '\n' || ch === '\t') ? ch : escapeOne(ch)));
}
