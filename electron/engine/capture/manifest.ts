// The manifest of a capture: built while the archive is written, checked against the archive
// when it is read back, and summarised for listings. Pure logic, so it is tested without Docker.

import type { CaptureFile, CaptureManifest, CaptureSummary, CapturedService } from '../../../shared/api/captures.ts';
import { isSafeArchiveName } from './archiveNames.ts';

export const MANIFEST_NAME = 'manifest.json';

export interface ManifestHead {
  id: string;
  stack: string;
  template: string;
  branch?: string;
  createdAt: string;
}

export class ManifestBuilder {
  private readonly files: CaptureFile[] = [];
  private readonly names = new Set<string>();
  private readonly services: CapturedService[] = [];

  constructor(private readonly head: ManifestHead) {}

  /** Records a file written to the archive; a second file of one name or an unsafe name is a bug. */
  addFile(file: CaptureFile): void {
    if (!isSafeArchiveName(file.path) || file.path === MANIFEST_NAME) throw new Error(`unsafe archive name '${file.path}'`);
    if (this.names.has(file.path)) throw new Error(`archive name '${file.path}' used twice`);
    if (!/^[0-9a-f]{64}$/.test(file.sha256) || !Number.isSafeInteger(file.bytes) || file.bytes < 0) {
      throw new Error(`bad size or sha256 for '${file.path}'`);
    }
    this.names.add(file.path);
    this.files.push(file);
  }

  has(path: string): boolean {
    return this.names.has(path);
  }

  addService(service: CapturedService): void {
    this.services.push(service);
  }

  build(): CaptureManifest {
    const { branch, ...head } = this.head;
    return {
      version: 1,
      ...head,
      ...(branch ? { branch } : {}),
      services: [...this.services].sort((a, b) => a.name.localeCompare(b.name) || a.containerId.localeCompare(b.containerId)),
      files: [...this.files],
    };
  }
}

export function summarize(manifest: CaptureManifest, path: string, bytes: number): CaptureSummary {
  return {
    id: manifest.id,
    stack: manifest.stack,
    template: manifest.template,
    ...(manifest.branch ? { branch: manifest.branch } : {}),
    createdAt: manifest.createdAt,
    path,
    bytes,
    services: manifest.services.map((s) => s.name),
    files: manifest.files.length,
    logLines: manifest.services.reduce((n, s) => n + s.logLines.stdout + s.logLines.stderr, 0),
  };
}

/** One entry as read back from an archive. */
export interface ReadEntry {
  name: string;
  type: string;
  bytes: number;
  sha256: string;
}

/**
 * What is wrong with an archive compared with its manifest: every file present once with its
 * size and sha256, nothing else but folders and manifest.json, and manifest.json equal to it.
 * An empty list means the archive is what the manifest says.
 */
export function archiveProblems(manifest: CaptureManifest, entries: ReadEntry[], manifestText: string | undefined): string[] {
  const problems: string[] = [];
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  for (const e of entries) {
    if (!isSafeArchiveName(e.name.replace(/\/$/, ''))) problems.push(`unsafe name '${e.name}' in the archive`);
    if (e.type === 'directory') continue;
    if (e.name === MANIFEST_NAME) continue;
    if (seen.has(e.name)) problems.push(`'${e.name}' is in the archive twice`);
    seen.add(e.name);
    const f = expected.get(e.name);
    if (!f) problems.push(`'${e.name}' is in the archive but not in the manifest`);
    else if (e.type !== 'file') problems.push(`'${e.name}' is a ${e.type}, not a file`);
    else if (e.bytes !== f.bytes) problems.push(`'${e.name}' has ${e.bytes} bytes, the manifest says ${f.bytes}`);
    else if (e.sha256 !== f.sha256) problems.push(`'${e.name}' has sha256 ${e.sha256}, the manifest says ${f.sha256}`);
  }
  for (const f of manifest.files) if (!seen.has(f.path)) problems.push(`'${f.path}' is in the manifest but not in the archive`);
  if (manifestText === undefined) problems.push(`${MANIFEST_NAME} is missing from the archive`);
  else if (manifestText !== manifestJson(manifest)) problems.push(`${MANIFEST_NAME} in the archive differs from the manifest written`);
  return problems;
}

export function manifestJson(manifest: CaptureManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads a manifest from text, or undefined when it is not one (a listing skips it then). */
export function parseManifest(text: string, id?: string): CaptureManifest | undefined {
  try {
    const m = JSON.parse(text) as CaptureManifest;
    if (!m || m.version !== 1 || typeof m.id !== 'string' || !Array.isArray(m.services) || !Array.isArray(m.files)) return undefined;
    if (id !== undefined && m.id !== id) return undefined;
    return m;
  } catch {
    return undefined;
  }
}
