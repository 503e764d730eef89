// Checks the parameters of the logs stream, searchLogs and exportLogs as they arrive from any
// transport: bad input is an invalid-input error naming the field, before the engine is touched.

import { isAbsolute } from 'node:path';
import type { LogExportFormat, LogLine, LogSource, LogStreamName } from '../../../shared/api/logs.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { stripAnsi } from './ansi.ts';
import { formatTimestamp, parseSince, tsKey } from './timestamps.ts';

export const DEFAULT_SEARCH_LIMIT = 1000;
/** Matches are held until the search ends: this bounds them. */
export const MAX_SEARCH_LIMIT = 100_000;

const invalid = (field: string, message: string) => BranchyardError.invalid([{ field, message }]);

function object(raw: unknown, field: string): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(field, 'must be an object');
  return raw as Record<string, unknown>;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be a non-empty string');
  return value;
}

export function checkSource(raw: unknown, field = 'source'): LogSource {
  const s = object(raw, field);
  let services: string[] | undefined;
  if (s.services !== undefined) {
    if (!Array.isArray(s.services)) throw invalid(`${field}.services`, 'must be a list of service names');
    services = s.services.map((x, i) => name(x, `${field}.services[${i}]`));
    if (services.length === 0) services = undefined;
  }
  if (s.kind === 'live') return { kind: 'live', stack: name(s.stack, `${field}.stack`), ...(services ? { services } : {}) };
  if (s.kind === 'capture') return { kind: 'capture', id: name(s.id, `${field}.id`), ...(services ? { services } : {}) };
  throw invalid(`${field}.kind`, `must be 'live' or 'capture', not '${String(s.kind)}'`);
}

function since(value: unknown, field = 'since'): bigint | undefined {
  return value === undefined || value === '' ? undefined : parseSince(value, field);
}

function flag(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
}

function count(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, not ${JSON.stringify(value)}`);
  }
  return value;
}

export interface CheckedLogsParams {
  source: LogSource;
  follow: boolean;
  followRestarts: boolean;
  since?: bigint;
  tail?: number;
}

export function checkLogsParams(raw: unknown): CheckedLogsParams {
  const p = object(raw, 'params');
  const source = checkSource(p.source);
  const follow = flag(p.follow, 'follow');
  if (follow && source.kind === 'capture') throw invalid('follow', 'a capture is a finished log and cannot be followed');
  const followRestarts = flag(p.followRestarts, 'followRestarts');
  if (followRestarts && !follow) throw invalid('followRestarts', 'needs follow: only a followed log can follow restarts');
  return { source, follow, followRestarts, since: since(p.since), tail: p.tail === undefined ? undefined : count(p.tail, 'tail', 0) };
}

export type LineMatcher = (text: string) => boolean;

/** Substring or regular expression, case-insensitive unless asked; ANSI codes are ignored. */
export function lineMatcher(raw: unknown, prefix = ''): LineMatcher {
  const p = object(raw, prefix ? prefix.slice(0, -1) : 'params');
  const field = `${prefix}pattern`;
  if (typeof p.pattern !== 'string' || p.pattern === '') throw invalid(field, 'must be a non-empty string');
  const caseSensitive = flag(p.caseSensitive, `${prefix}caseSensitive`);
  if (flag(p.regex, `${prefix}regex`)) {
    let re: RegExp;
    try {
      re = new RegExp(p.pattern, caseSensitive ? '' : 'i');
    } catch (e) {
      throw invalid(field, (e as Error).message);
    }
    return (text) => re.test(stripAnsi(text));
  }
  const needle = caseSensitive ? p.pattern : p.pattern.toLowerCase();
  return caseSensitive ? (text) => stripAnsi(text).includes(needle) : (text) => stripAnsi(text).toLowerCase().includes(needle);
}

/** The LogFilter of a request, checked: `since` goes to the sources, `passes` decides the rest per line. */
export interface CheckedFilter {
  since?: bigint;
  /** Streams, and `until`: true when the view shows this line. */
  passes(line: LogLine): boolean;
}

const STREAMS: readonly LogStreamName[] = ['stdout', 'stderr'];

export function checkFilter(p: Record<string, unknown>): CheckedFilter {
  let streams: Set<string> | undefined;
  if (p.streams !== undefined) {
    if (!Array.isArray(p.streams)) throw invalid('streams', "must be a list of 'stdout' and 'stderr'");
    p.streams.forEach((s, i) => {
      if (!STREAMS.includes(s as LogStreamName)) throw invalid(`streams[${i}]`, `must be 'stdout' or 'stderr', not ${JSON.stringify(s)}`);
    });
    if (p.streams.length > 0 && p.streams.length < STREAMS.length) streams = new Set(p.streams as string[]);
  }
  const from = since(p.since);
  const until = since(p.until, 'until');
  if (from !== undefined && until !== undefined && until < from) throw invalid('until', 'is before since: the time range holds no line');
  const untilKey = until === undefined ? undefined : formatTimestamp(until);
  return {
    since: from,
    passes(line) {
      if (streams && !line.marker && !streams.has(line.stream)) return false;
      return untilKey === undefined || tsKey(line.ts) <= untilKey;
    },
  };
}

export interface CheckedSearchParams {
  source: LogSource;
  since?: bigint;
  filter: CheckedFilter;
  matches: LineMatcher;
  limit: number;
  context: number;
}

export const MAX_SEARCH_CONTEXT = 20;

export function checkSearchParams(raw: unknown): CheckedSearchParams {
  const p = object(raw, 'params');
  const source = checkSource(p.source);
  const matches = lineMatcher(p);
  const limit = p.limit === undefined ? DEFAULT_SEARCH_LIMIT : count(p.limit, 'limit', 1, MAX_SEARCH_LIMIT);
  const context = p.context === undefined ? 0 : count(p.context, 'context', 0, MAX_SEARCH_CONTEXT);
  const filter = checkFilter(p);
  return { source, since: filter.since, filter, matches, limit, context };
}

export const MAX_PAGE_LINES = 2000;

export interface CheckedPageParams {
  source: LogSource;
  filter: CheckedFilter;
  /** A position, or a time as the engine's sortable timestamp. */
  anchor: { index: number } | { timeKey: string };
  before: number;
  after: number;
}

export function checkPageParams(raw: unknown): CheckedPageParams {
  const p = object(raw, 'params');
  const source = checkSource(p.source);
  const filter = checkFilter(p);
  const a = object(p.anchor, 'anchor');
  let anchor: CheckedPageParams['anchor'];
  if (a.index !== undefined) anchor = { index: count(a.index, 'anchor.index', 0) };
  else if (a.time !== undefined) anchor = { timeKey: formatTimestamp(parseSince(a.time, 'anchor.time')) };
  else throw invalid('anchor', 'must have an index or a time');
  return { source, filter, anchor, before: count(p.before, 'before', 0, MAX_PAGE_LINES), after: count(p.after, 'after', 0, MAX_PAGE_LINES) };
}

export interface CheckedExportParams {
  source: LogSource;
  since?: bigint;
  filter: CheckedFilter;
  path: string;
  matches?: LineMatcher;
  format: LogExportFormat;
}

export function checkExportParams(raw: unknown): CheckedExportParams {
  const p = object(raw, 'params');
  if (typeof p.path !== 'string' || !isAbsolute(p.path)) throw invalid('path', `must be an absolute path, not ${JSON.stringify(p.path)}`);
  return { ...checkDownloadParams(p), path: p.path };
}

export function checkDownloadParams(raw: unknown): Omit<CheckedExportParams, 'path'> {
  const p = object(raw, 'params');
  const source = checkSource(p.source);
  const matches = p.grep === undefined ? undefined : lineMatcher(p.grep, 'grep.');
  if (p.format !== undefined && p.format !== 'text' && p.format !== 'jsonl') throw invalid('format', `must be 'text' or 'jsonl', not ${JSON.stringify(p.format)}`);
  const filter = checkFilter(p);
  return { source, since: filter.since, filter, matches, format: (p.format as LogExportFormat | undefined) ?? 'text' };
}

/** The desktop app's Save as: the download's params and the name the dialog proposes. */
export function checkSaveParams(raw: unknown): Omit<CheckedExportParams, 'path'> & { suggestedName: string } {
  const p = object(raw, 'params');
  const name = p.suggestedName;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255 || /[/\\\0]/.test(name)) {
    throw invalid('suggestedName', 'must be a file name (no folder), at most 255 characters');
  }
  return { ...checkDownloadParams(p), suggestedName: name };
}
