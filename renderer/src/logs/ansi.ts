// Logs keep their ANSI codes (the engine passes them through). This renders the common part:
// SGR with the 16 basic colours (normal and bright, foreground and background) and bold. Every
// other escape sequence (cursor moves, 256/true colours, OSC titles...) and stray control
// characters are dropped, so they never show up as garbage.

export interface AnsiSegment {
  text: string;
  /** CSS classes: `a-f0`..`a-f15` foreground, `a-b0`..`a-b15` background, `a-bold`. */
  className: string;
}

interface Style {
  fg?: number;
  bg?: number;
  bold: boolean;
}

const ESC = 0x1b;

function classOf(s: Style): string {
  const parts: string[] = [];
  if (s.fg !== undefined) parts.push(`a-f${s.fg}`);
  if (s.bg !== undefined) parts.push(`a-b${s.bg}`);
  if (s.bold) parts.push('a-bold');
  return parts.join(' ');
}

function applySgr(style: Style, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) {
      style.fg = undefined;
      style.bg = undefined;
      style.bold = false;
    } else if (c === 1) style.bold = true;
    else if (c === 22) style.bold = false;
    else if (c >= 30 && c <= 37) style.fg = c - 30;
    else if (c >= 90 && c <= 97) style.fg = c - 90 + 8;
    else if (c === 39) style.fg = undefined;
    else if (c >= 40 && c <= 47) style.bg = c - 40;
    else if (c >= 100 && c <= 107) style.bg = c - 100 + 8;
    else if (c === 49) style.bg = undefined;
    else if (c === 38 || c === 48) {
      // 256 and true colours are not drawn: skip their arguments so they are not read as codes.
      i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0;
    }
  }
}

/** Index just past the string that ends at BEL or ESC \ (OSC, DCS, ...), or the end of the text. */
function endOfString(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x07) return i + 1;
    if (c === ESC && text[i + 1] === '\\') return i + 2;
  }
  return text.length;
}

function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09) || c === 0x7f;
}

export function parseAnsi(text: string): AnsiSegment[] {
  // Most lines have no escape or control character at all.
  let plain = true;
  for (let i = 0; i < text.length && plain; i++) if (isControl(text.charCodeAt(i))) plain = false;
  if (plain) return text ? [{ text, className: '' }] : [];

  const out: AnsiSegment[] = [];
  const style: Style = { bold: false };
  let current = '';
  let currentClass = '';
  const emit = () => {
    if (!current) return;
    const last = out[out.length - 1];
    if (last && last.className === currentClass) last.text += current;
    else out.push({ text: current, className: currentClass });
    current = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== ESC) {
      if (!isControl(c)) current += text[i];
      i++;
      continue;
    }
    const kind = text[i + 1];
    if (kind === '[') {
      // CSI: parameter and intermediate bytes, then one final byte in @..~
      let j = i + 2;
      while (j < text.length && (text.charCodeAt(j) < 0x40 || text.charCodeAt(j) > 0x7e)) j++;
      if (j < text.length && text[j] === 'm') {
        emit();
        applySgr(style, text.slice(i + 2, j));
        currentClass = classOf(style);
      }
      i = j + 1;
    } else if (kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') {
      i = endOfString(text, i + 2);
    } else {
      // Two-byte sequences, with intermediates for charset selection (ESC ( B).
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
      i = j + 1;
    }
  }
  emit();
  return out;
}
