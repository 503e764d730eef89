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

export interface SearchLogsParams {
  source: LogSource;
  /** Plain text, or a regular expression when `regex` is set. */
  pattern: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** At most this many matches (default 1000); `truncated` says when there were more. */
  limit?: number;
  since?: string;
}

export interface SearchLogsResult {
  matches: LogLine[];
  truncated: boolean;
  /** Lines looked at, over every service (the scan stops at the first match beyond the limit). */
  scanned: number;
}

export interface ExportLogsParams {
  source: LogSource;
  /** File to write on the machine that runs the engine side (the same machine in every mode). */
  path: string;
  since?: string;
  /** Only lines matching this search. */
  grep?: Omit<SearchLogsParams, 'source' | 'limit' | 'since'>;
}

/** An export as a download: the engine streams the file's bytes to the page, writing nothing. */
export type LogDownloadParams = Omit<ExportLogsParams, 'path'>;

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
