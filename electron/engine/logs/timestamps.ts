// Log timestamps. The engine writes RFC 3339 with exactly nine fraction digits in UTC
// (2026-11-21T10:15:00.123456789Z), so two of them compare as strings; anything else is
// normalised to that form first. Times are nanoseconds since the epoch as bigint: a JS number
// cannot hold them exactly, and `since` on a reconnect must be exact to the nanosecond.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import { parseDuration } from '../../../shared/stack/duration.ts';

const FIXED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d):(\d\d))$/;
const NS_PER_S = 1_000_000_000n;

/** Nanoseconds since the epoch of an RFC 3339 time, or undefined when it is not one. */
export function parseTimestamp(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  // Date.UTC rolls 31 February over into March: refuse what does not round-trip.
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCHours() !== Number(h) || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  let seconds = BigInt(ms / 1000);
  if (sign) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    const offset = BigInt(Number(oh) * 3600 + Number(om) * 60);
    seconds = sign === '+' ? seconds - offset : seconds + offset;
  }
  return seconds * NS_PER_S + BigInt((frac ?? '').padEnd(9, '0'));
}

/** The engine's own form: UTC with nine fraction digits. */
export function formatTimestamp(ns: bigint): string {
  const seconds = ns / NS_PER_S;
  const frac = ns % NS_PER_S;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${frac.toString().padStart(9, '0')}Z`;
}

/** A form of `ts` that sorts chronologically as a string. Unparsable text is kept as it is. */
export function tsKey(ts: string): string {
  if (FIXED.test(ts)) return ts;
  const ns = parseTimestamp(ts);
  return ns === undefined ? ts : formatTimestamp(ns);
}

/** The engine's `since`/`until` query form: Unix seconds with a nine-digit fraction. */
export function dockerTime(ns: bigint): string {
  return `${ns / NS_PER_S}.${(ns % NS_PER_S).toString().padStart(9, '0')}`;
}

/**
 * `since` as a user gives it: RFC 3339 (2026-11-21T10:15:00Z), Unix seconds (1763720100 or
 * 1763720100.5), or a duration back from now (10m, 2h, 30s, 1h30m). Bad text is invalid input
 * naming `field`.
 */
export function parseSince(value: unknown, field: string, nowMs: number = Date.now()): bigint {
  const bad = (why: string) => BranchyardError.invalid([{ field, message: why }]);
  if (typeof value !== 'string') throw bad('must be a string');
  const text = value.trim();
  const unix = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (unix) return BigInt(unix[1]) * NS_PER_S + BigInt((unix[2] ?? '').padEnd(9, '0'));
  const at = parseTimestamp(text);
  if (at !== undefined) return at;
  if (/^[\d.]+(ns|us|µs|μs|ms|s|m|h)/.test(text)) {
    const d = parseDuration(text);
    if ('ns' in d) return BigInt(nowMs) * 1_000_000n - BigInt(d.ns);
  }
  throw bad(`'${value}' is not a time: use RFC 3339 (2026-11-21T10:15:00Z), Unix seconds, or a duration back from now (30s, 10m, 2h)`);
}
