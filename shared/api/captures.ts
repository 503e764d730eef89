// Teardown captures: one tar.gz per teardown with every container's logs, inspect document,
// build log and the files named under x-branchyard.capture, described by manifest.json.

export type CaptureFileKind = 'log' | 'inspect' | 'build-log' | 'file' | 'manifest';

export interface CaptureFile {
  /** Path inside the archive (always relative, never with `..`). */
  path: string;
  kind: CaptureFileKind;
  service?: string;
  bytes: number;
  sha256: string;
}

export interface CapturedService {
  name: string;
  containerId: string;
  containerName: string;
  image: string;
  imageId: string;
  state: string;
  exitCode?: number;
  commit?: string;
  /** Bytes of log payload per stream as the engine returned them (timestamps included). */
  logBytes: { stdout: number; stderr: number };
  logLines: { stdout: number; stderr: number };
  /** Paths from x-branchyard.capture that could not be copied, with why. */
  missing?: { path: string; reason: string }[];
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
}
