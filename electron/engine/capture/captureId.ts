// Names of captures: a UTC timestamp without ':' (safe as a file name on every OS) and the id
// `<stack>/<timestamp>` that every front end uses. Ids come from users and UIs, so they are
// checked strictly before they become a path: nothing may point outside the capture folder.

import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { stackNameProblem } from '../../../shared/stack/naming.ts';

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/;

/** `2026-11-21T10:15:00.123Z` becomes `20261121T101500.123Z`. */
export function captureTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** The ISO 8601 form of a capture timestamp, or undefined when it is not one (or no real date). */
export function timestampToIso(timestamp: string): string | undefined {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
  const date = new Date(iso);
  // Date accepts 2026-02-30 and rolls it over: a timestamp must read back exactly.
  return Number.isNaN(date.getTime()) || date.toISOString() !== iso ? undefined : iso;
}

export function isCaptureTimestamp(timestamp: string): boolean {
  return timestampToIso(timestamp) !== undefined;
}

export function captureId(stack: string, timestamp: string): string {
  return `${stack}/${timestamp}`;
}

/** Splits and checks an id; bad ids are invalid input naming the id and the expected form. */
export function parseCaptureId(id: unknown, field = 'id'): { stack: string; timestamp: string } {
  const bad = (message: string) => BranchyardError.invalid([{ field, message }]);
  if (typeof id !== 'string' || id === '') throw bad('is required: a capture id like hydra-main/20261121T101500.123Z');
  const parts = id.split('/');
  if (parts.length !== 2) throw bad(`'${id}' is not a capture id: expected <stack>/<timestamp>, like hydra-main/20261121T101500.123Z`);
  const [stack, timestamp] = parts;
  const problem = stackNameProblem(stack);
  if (problem) throw bad(`'${id}': ${problem}`);
  if (!isCaptureTimestamp(timestamp)) throw bad(`'${id}': '${timestamp}' is not a capture timestamp like 20261121T101500.123Z`);
  return { stack, timestamp };
}

/** A stack name used as a folder of the capture directory: the stack name rules keep it inside. */
export function checkStackName(stack: unknown, field = 'stack'): string {
  if (typeof stack !== 'string' || stack === '') throw BranchyardError.invalid([{ field, message: 'is required' }]);
  const problem = stackNameProblem(stack);
  if (problem) throw BranchyardError.invalid([{ field, message: problem }]);
  return stack;
}

/**
 * The archive of a capture: `<captureDir>/<stack>/<timestamp>.tar.gz`, checked to exist. The id's
 * parts are a stack name and a timestamp, so the path cannot leave the capture folder.
 */
export function captureArchivePath(captureDir: string, id: unknown, field = 'id'): string {
  const { stack, timestamp } = parseCaptureId(id, field);
  const archive = join(resolve(captureDir), stack, `${timestamp}.tar.gz`);
  let isFile = false;
  try {
    isFile = statSync(archive).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new BranchyardError('not-found', `no capture ${stack}/${timestamp} (looked for ${archive})`, { file: archive });
  return archive;
}
