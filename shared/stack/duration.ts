// Compose durations, which are Go durations: `1s`, `1.5s`, `1m30s`, `10ms`, `500us`, `2h`, `0`.

import { quote } from '../text/quote.ts';

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const SEGMENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Nanoseconds of a compose duration. Negative durations are refused: compose has no use for them. */
export function parseDuration(text: string): { ns: number } | { error: string } {
  const s = text.trim();
  const bad = { error: `${quote(text)} is not a duration like 1s, 1m30s, 500ms or 2h` };
  if (s === '0') return { ns: 0 };
  if (s === '') return bad;
  let ns = 0;
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < s.length) {
    const m = SEGMENT.exec(s);
    if (!m) return bad;
    ns += Number(m[1]) * UNIT_NS[m[2]];
  }
  return { ns: Math.round(ns) };
}
