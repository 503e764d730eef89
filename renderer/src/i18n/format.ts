// Numbers, sizes, dates, times and durations for the UI's language (Intl, no tables of our own).

import type { Language } from './languages.ts';
import { translator } from './translate.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<F>(key: string, make: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (!f) cache.set(key, (f = make()) as never);
  return f;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 512 B, 1.5 KiB, 20.0 MiB: binary units as docker and the command line print them, digits for the locale. */
export function formatBytes(lang: Language, n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : 1;
  const f = cached(`bytes:${lang}:${digits}`, () => new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return `${f.format(v)} ${UNITS[i]}`;
}

export function formatNumber(lang: Language, n: number): string {
  return cached(`n:${lang}`, () => new Intl.NumberFormat(lang)).format(n);
}

/** Date and time to the second, for tables and tooltips: 2026/12/2 09:05:03 in Chinese, Dec 2, 2026, 09:05:03 in English. */
export function formatDateTime(lang: Language, at: number | string | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return cached(`dt:${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' })).format(d);
}

/** Time of day with milliseconds, for log lines: 09:05:03.120 in every language. */
export function formatTime(lang: Language, at: number | string | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const f = cached(`t:${lang}`, () => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' }));
  return f.format(d);
}

/** "3 minutes ago", "3 分钟前"; "yesterday", "昨天"; "just now" under a minute. */
export function formatAgo(lang: Language, at: number | string | Date, now = Date.now()): string {
  const then = new Date(at).getTime();
  if (Number.isNaN(then)) return String(at);
  const s = Math.max(0, (now - then) / 1000);
  if (s < 60) return translator(lang, 'common')('justNow');
  const rtf = cached(`rel:${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
  return rtf.format(-Math.floor(s / 86400), 'day');
}

/** 45 s, 3 min 20 s, 2 h 5 min, 3 d 4 h: the two largest units, for uptimes and elapsed times. */
export function formatDuration(lang: Language, ms: number): string {
  const t = translator(lang, 'common');
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return t('durationDays', { d, h });
  if (h > 0) return t('durationHours', { h, m });
  if (m > 0) return t('durationMinutes', { m, s: sec });
  return t('durationSeconds', { s: sec });
}
