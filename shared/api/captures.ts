// Teardown captures: one tar.gz per teardown with every container's logs, inspect document,
// build log and the files named under x-branchyard.capture, described by manifest.json.
// Layout and meaning of every field: docs/captures.md.

import type { LogLine, LogStreamName } from './logs.ts';

/**
 * What a file of the archive is. `partials` is the JSON array of byte offsets in the log file
 * where an entry the engine split at 16 KiB ends (the log viewer joins those entries again).
 */
export type CaptureFileKind = 'log' | 'partials' | 'inspect' | 'build-log' | 'file';

export interface CaptureFile {
  /** Path inside the archive (always relative, never with `..`). */
  path: string;
  kind: CaptureFileKind;
  service?: string;
  /** For kind `file`: where it was in the container. */
  source?: string;
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
}

export interface StreamCounts {
  stdout: number;
  stderr: number;
}

export interface CapturedService {
  name: string;
  containerId: string;
  containerName: string;
  image: string;
  imageId: string;
  /** The container's state when it was captured (after teardown stopped it). */
  state: string;
  exitCode?: number;
  /**
   * It was running when the teardown began, so the teardown stopped it (unless it ended on its own
   * just before): its exit code may come from the stop. False: it had exited (or crashed) already.
   */
  stoppedByTeardown: boolean;
  commit?: string;
  /** A TTY container's log is one raw stream: all of it is under stdout, with no partials. */
  tty: boolean;
  /** Bytes of log payload per stream as the engine returned them (timestamps included). */
  logBytes: StreamCounts;
  logLines: StreamCounts;
  /** Entries the engine split because the line was longer than 16 KiB, per stream. */
  logPartials: StreamCounts;
  /** The x-branchyard.capture paths the container's label listed. */
  capturePaths: string[];
  /** Paths from x-branchyard.capture that could not be copied, with why. */
  missing?: { path: string; reason: string }[];
  /** Entries under a capture path that were not stored: links, devices, unsafe names. */
  skipped?: { path: string; reason: string }[];
}

export interface CaptureManifest {
  version: 1;
  /** `<stack>/<timestamp>`: what `captures show` and the log viewer take. */
  id: string;
  stack: string;
  template: string;
  branch?: string;
  /** UTC, ISO 8601. */
  createdAt: string;
  services: CapturedService[];
  /** Every file of the archive except manifest.json itself. */
  files: CaptureFile[];
}

export interface CaptureSummary {
  id: string;
  stack: string;
  template: string;
  branch?: string;
  createdAt: string;
  /** Absolute path of the archive. */
  path: string;
  bytes: number;
  services: string[];
  /** Files in the archive besides manifest.json. */
  files: number;
  /** Log lines of every service, both streams. */
  logLines: number;
}

/** A capture the retention setting removed (or, in a dry run, would remove). */
export interface ExpiredCapture {
  id: string;
  stack: string;
  createdAt: string;
  bytes: number;
  /** Older than the days kept, or removed (oldest first) to bring the folder under its size. */
  reason: 'age' | 'size';
}

/**
 * How a viewer shows a file: `log` in the log viewer (readCaptureFile gives LogLine rows), `json`
 * and `text` in a text viewer (lines; a file that turns out not to be text says so when read).
 */
export type CaptureFileView = 'log' | 'json' | 'text';

export interface CaptureFileEntry extends CaptureFile {
  view: CaptureFileView;
  /** For logs: which stream of the service. */
  stream?: LogStreamName;
}

/** One page of one file of a capture: never the whole file at once (logs can be hundreds of MB). */
export interface ReadCaptureFileParams {
  id: string;
  /** The file's path in the archive, as listCaptureFiles gives it. */
  path: string;
  /**
   * `lines` (default): `limit` lines from line `offset` (0-based); a log's lines are parsed into
   * the log viewer's rows, with lines the engine split at 16 KiB joined again. `bytes`: the
   * stored bytes from byte `offset`, as they are (a log's with their timestamps).
   */
  unit?: 'lines' | 'bytes';
  offset?: number;
  limit?: number;
}

/** Defaults and limits of a page. A page also ends once it holds `pageBytes` of text. */
export const CAPTURE_READ_LIMITS = {
  lines: { default: 1000, max: 10_000 },
  bytes: { default: 64 * 1024, max: 1024 * 1024 },
  pageBytes: 4 * 1024 * 1024,
  /** A line longer than this is cut, at a character boundary, into lines of this size. */
  lineBytes: 1024 * 1024,
} as const;

interface PageBase {
  id: string;
  path: string;
  /** The file's size, from the manifest. */
  totalBytes: number;
  /** Where this page starts: a line (lines) or a byte (bytes). */
  offset: number;
  /** Where the next page starts, or null at the end of the file. */
  nextOffset: number | null;
}

export type CaptureFilePage =
  /** A log, as the log viewer's rows. `totalLines`: the manifest's count of the stream's lines. */
  | (PageBase & { format: 'log'; lines: LogLine[]; totalLines: number })
  /** Any other text file, line by line (without the newline; a CR before it is dropped). */
  | (PageBase & { format: 'text'; lines: string[] })
  /** unit `bytes`. */
  | (PageBase & { format: 'bytes'; data: Uint8Array })
  /** Lines asked of a file that is not text (a NUL byte in its first 8 KiB): read it as bytes or download the archive. */
  | (PageBase & { format: 'binary' });

/**
 * Getting a whole archive: its path on the engine's machine (the app's shell shows it in its
 * folder: showCaptureInFolder), and in the browser mode a URL on the local server, which sends
 * it as a download to a page holding the server's token (its cookie).
 */
export interface CaptureArchive {
  id: string;
  path: string;
  /** A name to save it as: <stack>-<timestamp>.tar.gz. */
  fileName: string;
  bytes: number;
  /** Browser mode: a path on the local server (same origin as the page). Absent elsewhere. */
  url?: string;
  /** The desktop app can show the file in its folder (showCaptureInFolder). */
  canShowInFolder: boolean;
}

export interface RemovedCapture {
  id: string;
  /** The files deleted: the archive and its sidecar manifest. */
  files: string[];
  bytes: number;
}

/** What the retention setting removes now (or, with dryRun, would remove). */
export interface PruneResult {
  expired: ExpiredCapture[];
  /** Captures left, and their bytes together. */
  kept: number;
  keptBytes: number;
  dryRun: boolean;
}
