// Teardown captures: one tar.gz per teardown with every container's logs, inspect document,
// build log and the files named under x-branchyard.capture, described by manifest.json.
// Layout and meaning of every field: docs/captures.md.

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
