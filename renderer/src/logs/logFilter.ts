// What the log view shows of its source: which services (chips), which streams, which time range.
// Pure, so the view's list, and the engine's search, history pages and exports (given the same
// filter as contract parameters) agree on what "filtered" means.

import type { LogFilter, LogLine, LogSource, LogStreamName } from '../../../shared/api/logs.ts';

export interface ViewFilter {
  /** Services whose chip is off. */
  hidden: readonly string[];
  streams: Readonly<Record<LogStreamName, boolean>>;
  /** Engine timestamps (RFC 3339 UTC, nine digits) bounding the range; either may be absent. */
  from?: string;
  to?: string;
}

export const NO_FILTER: ViewFilter = { hidden: [], streams: { stdout: true, stderr: true } };

export function isFiltered(f: ViewFilter): boolean {
  return f.hidden.length > 0 || !f.streams.stdout || !f.streams.stderr || f.from !== undefined || f.to !== undefined;
}

/** True when the line is shown. Marker lines (a restart) follow their service but ignore streams. */
export function passes(line: LogLine, f: ViewFilter): boolean {
  if (f.hidden.length && f.hidden.includes(line.service)) return false;
  if (!line.marker && !f.streams[line.stream]) return false;
  // Both sides are RFC 3339 UTC of the same shape up to the fraction: they compare as strings.
  if (f.from !== undefined && line.ts < f.from) return false;
  if (f.to !== undefined && line.ts > f.to) return false;
  return true;
}

/**
 * The engine's form of a time the user picked (a `datetime-local` value, local time to the
 * second): the first (`start`) or last (`end`) nanosecond of that second, so a range is inclusive.
 */
export function rangeBound(local: string, edge: 'start' | 'end'): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return undefined;
  const iso = d.toISOString().slice(0, 19);
  return `${iso}.${edge === 'start' ? '000000000' : '999999999'}Z`;
}

/** The `datetime-local` value (local time, to the second) showing an engine timestamp. */
export function localInputValue(ts: string | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The filter as contract parameters: the source narrowed to the services shown, the streams and
 * the time range. `known` are the services the view knows of (a stack's, or those seen so far).
 */
export function engineFilter(source: LogSource, f: ViewFilter, known: readonly string[]): { source: LogSource } & LogFilter {
  let narrowed = source;
  if (f.hidden.length) {
    const services = (source.services ?? known).filter((s) => !f.hidden.includes(s));
    narrowed = { ...source, services };
  }
  const streams: LogStreamName[] | undefined = f.streams.stdout && f.streams.stderr ? undefined : (['stdout', 'stderr'] as const).filter((s) => f.streams[s]);
  return {
    source: narrowed,
    ...(streams ? { streams } : {}),
    ...(f.from ? { since: f.from } : {}),
    ...(f.to ? { until: f.to } : {}),
  };
}

/** A service chip toggled; the last one shown cannot be turned off (an empty view helps no one). */
export function toggleService(f: ViewFilter, service: string, known: readonly string[]): ViewFilter {
  if (f.hidden.includes(service)) return { ...f, hidden: f.hidden.filter((s) => s !== service) };
  const shown = known.filter((s) => !f.hidden.includes(s));
  if (shown.length <= 1) return f;
  return { ...f, hidden: [...f.hidden, service] };
}

/** A stream toggled; at least one stays on. */
export function toggleStream(f: ViewFilter, stream: LogStreamName): ViewFilter {
  const next = { ...f.streams, [stream]: !f.streams[stream] };
  if (!next.stdout && !next.stderr) return f;
  return { ...f, streams: next };
}
