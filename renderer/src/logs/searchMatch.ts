// Where a search matches a line's text, to highlight it: the same rules as the engine's search
// (plain text or a regular expression, case-insensitive unless asked, ANSI codes ignored), and
// the coloured segments of a line split at those ranges. Pure.

import type { AnsiSegment } from './ansi.ts';

export interface SearchQuery {
  pattern: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** [start, end) ranges in the text as shown (escape codes removed), in order, not overlapping. */
export function matchRanges(text: string, q: SearchQuery): Array<[number, number]> {
  if (!q.pattern) return [];
  const out: Array<[number, number]> = [];
  if (q.regex) {
    let re: RegExp;
    try {
      re = new RegExp(q.pattern, q.caseSensitive ? 'g' : 'gi');
    } catch {
      return [];
    }
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue; // `^` or `a*` match nothing visible
      out.push([m.index, m.index + m[0].length]);
      if (out.length >= 1000) break;
    }
    return out;
  }
  const hay = q.caseSensitive ? text : text.toLowerCase();
  const needle = q.caseSensitive ? q.pattern : q.pattern.toLowerCase();
  for (let i = hay.indexOf(needle); i >= 0 && out.length < 1000; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

export interface HighlightSegment extends AnsiSegment {
  mark: boolean;
}

/** The segments cut where a range starts or ends; the parts inside a range have `mark`. */
export function highlightSegments(segments: AnsiSegment[], ranges: Array<[number, number]>): HighlightSegment[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, mark: false }));
  const out: HighlightSegment[] = [];
  let pos = 0;
  let r = 0;
  for (const s of segments) {
    let at = 0;
    while (at < s.text.length) {
      const abs = pos + at;
      while (r < ranges.length && ranges[r][1] <= abs) r++;
      const range = ranges[r];
      let end: number;
      let mark: boolean;
      if (!range || abs < range[0]) {
        end = range ? Math.min(s.text.length, range[0] - pos) : s.text.length;
        mark = false;
      } else {
        end = Math.min(s.text.length, range[1] - pos);
        mark = true;
      }
      out.push({ text: s.text.slice(at, end), className: s.className, mark });
      at = end;
    }
    pos += s.text.length;
  }
  return out;
}

/** The next (+1) or previous (-1) result, wrapping around; -1 when there is none. */
export function stepResult(current: number, count: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}
