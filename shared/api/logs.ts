// Logs as they cross the contract: whole lines, decoded once in the engine (so a multi-byte
// character split across engine chunks never reaches a viewer half-decoded), ANSI codes kept.

export type LogStreamName = 'stdout' | 'stderr';

export interface LogLine {
  service: string;
  stream: LogStreamName;
  /** The engine's RFC 3339 timestamp with nanoseconds, e.g. 2026-11-21T10:15:00.123456789Z. */
  ts: string;
  /** One line without its newline. Lines the engine split at 16 KiB are joined again. */
  text: string;
  /**
   * A line Branchyard writes, not the service: where a followed service's container restarted or
   * was replaced (with `followRestarts`).
   */
  marker?: boolean;
}

/** Live logs of a stack (or some of its services), or the logs kept in a capture archive. */
export type LogSource =
  | { kind: 'live'; stack: string; services?: string[] }
  | { kind: 'capture'; id: string; services?: string[] };

export interface LogsParams {
  source: LogSource;
  /** Keep streaming new lines after the history (live sources only; a capture refuses it). */
  follow?: boolean;
  /**
   * With follow: follow each service rather than each container, across restarts and
   * recreations (a marker line says where the container changed), and pick up services whose
   * containers appear later. The stream then ends only when disposed.
   */
  followRestarts?: boolean;
  /** Only lines at or after this time: RFC 3339, Unix seconds, or a duration back from now (10m, 2h). */
  since?: string;
  /** Only the last N lines of each service's history (0: none, only live lines). */
  tail?: number;
}

export type LogsEvent =
  | ({ type: 'line' } & LogLine)
  /** The history is delivered; what follows is live. */
  | { type: 'caught-up' }
  /** A follow stream was cut and is being resumed from the last line seen. */
  | { type: 'notice'; service?: string; message: string };

/**
 * What a log view shows of its source, applied by the engine to search, history pages and
 * exports alike (services are the source's own `services`). Each is optional: no filter, all lines.
 */
export interface LogFilter {
  /** Only these streams (both when absent or empty). Marker lines pass with either. */
  streams?: LogStreamName[];
  /** Only lines at or after this time: RFC 3339, Unix seconds, or a duration back from now. */
  since?: string;
  /** Only lines at or before this time (same forms as `since`). */
  until?: string;
}

export interface SearchLogsParams extends LogFilter {
  source: LogSource;
  /** Plain text, or a regular expression when `regex` is set. */
  pattern: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** At most this many matches (default 1000); `truncated` says when there were more. */
  limit?: number;
  /** Lines of context to return before and after each match (0 to 20, default 0). */
  context?: number;
}

/** A match, where it is in the (filtered) history, and the lines around it. */
export interface LogMatch extends LogLine {
  /** Its position in the history under the same source and filters (0: the oldest line): a logPage anchor. */
  index: number;
  /** Up to `context` lines just before it, oldest first (fewer at the start of the history). */
  before?: LogLine[];
  /** Up to `context` lines just after it. */
  after?: LogLine[];
}

export interface SearchLogsResult {
  matches: LogMatch[];
  truncated: boolean;
  /** Lines looked at, over every service (the scan stops at the first match beyond the limit). */
  scanned: number;
}

/** text: `<timestamp> <service> <stream> <text>` lines; jsonl: one JSON object per line. */
export type LogExportFormat = 'text' | 'jsonl';

export interface ExportLogsParams extends LogFilter {
  source: LogSource;
  /** File to write on the machine that runs the engine side (the same machine in every mode). */
  path: string;
  /** Only lines matching this search. */
  grep?: Pick<SearchLogsParams, 'pattern' | 'regex' | 'caseSensitive'>;
  /** Default text. */
  format?: LogExportFormat;
}

/** An export as a download: the engine streams the file's bytes to the page, writing nothing. */
export type LogDownloadParams = Omit<ExportLogsParams, 'path'>;

/**
 * The desktop app's export: its shell asks the user where to save (a native dialog), then the
 * engine writes the file there. The page never names the path.
 */
export interface SaveLogsParams extends LogDownloadParams {
  /** The file name the dialog proposes, e.g. `web-main.log`. */
  suggestedName: string;
}

/** Where the browser mode downloads an export: GET with `?params=<LogDownloadParams as JSON>`. */
export const LOG_EXPORT_PATH = '/export/logs';

/**
 * A page of the history, read from the engine (the page keeps no more than it shows). The lines
 * are those at positions [anchor - before, anchor + after) of the history under the source and
 * filters, where the anchor is a position (a search match's `index`) or the first line at or
 * after a time.
 */
export interface LogPageParams extends LogFilter {
  source: LogSource;
  anchor: { index: number } | { time: string };
  /** Lines before the anchor (0 to 2000). */
  before: number;
  /** Lines from the anchor on, the anchor's own line first (0 to 2000). */
  after: number;
}

export interface LogPageResult {
  /** Position of lines[0] in the history. */
  first: number;
  /** Position the anchor resolved to (a time becomes the first line at or after it). */
  anchor: number;
  lines: LogLine[];
  /** The history ends within this page: no line after its last. */
  atEnd: boolean;
}
export type LogDownloadEvent =
  /** The next bytes of the file (`<timestamp> <service> <stream> <text>\n` lines). */
  | { type: 'chunk'; data: Uint8Array }
  /** All of it was sent. */
  | { type: 'done'; lines: number; bytes: number };

export interface ExportLogsResult {
  path: string;
  lines: number;
  bytes: number;
}
