// Error types shared by the engine, the command line and (later) the UI.
// Plain TypeScript: no Node, DOM or Electron import, so every side can construct and format them.

import { escapeControls } from '../text/escapeControls.ts';

/** Where a problem is: as much of it as is known. */
export interface ErrorLocation {
  file?: string;
  line?: number; // 1-based
  col?: number; // 1-based
  /** Dotted path of the field, e.g. `services.db.x-ip`. */
  field?: string;
  service?: string;
}

/** One problem found in user input. */
export interface Issue extends ErrorLocation {
  message: string;
}

export type ErrorKind =
  | 'invalid-input' // the user's file, flags or names are wrong: exit status 2
  | 'engine-unreachable' // no Docker engine at the endpoint
  | 'engine' // the engine refused or failed an operation
  | 'not-found' // a stack, service or image that does not exist
  | 'service-failed' // a service exited or turned unhealthy while we waited on it
  | 'timeout' // a deadline passed
  | 'cancelled'; // the user (Ctrl-C, SIGTERM, a Cancel button) asked to stop: not a failure of the engine

export interface ErrorDetails extends ErrorLocation {
  issues?: Issue[];
  /** Last lines of a container's log, for failures of a service. */
  logTail?: string[];
  /** For failures of a service: the engine's reason (exit code, OOM kill, last healthcheck output). */
  reason?: string;
  exitCode?: number;
  state?: string;
  image?: string;
  endpoint?: string;
  /** For a cancelled or failed operation: what it had done, and what it had not done yet. */
  done?: string[];
  notDone?: string[];
}

/** The one error type that crosses every boundary: it carries a kind and details, not only text. */
export class BranchyardError extends Error {
  override name = 'BranchyardError';
  constructor(
    public readonly kind: ErrorKind,
    message: string,
    public readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** Invalid input: `issues` are listed one per line, each with its location. */
  static invalid(issues: Issue[]): BranchyardError {
    const lines = issues.map(formatIssue);
    const head = issues.length === 1 ? lines[0] : `${issues.length} problems:\n  ${lines.join('\n  ')}`;
    return new BranchyardError('invalid-input', head, { issues });
  }
}

/**
 * `file:line:col: field: message`, leaving out the parts that are not known. This is where an
 * issue becomes text for people (the command line, the app), so control characters a stack file
 * put into a key or value are escaped here, once for every face.
 */
export function formatIssue(issue: Issue): string {
  let where = '';
  if (issue.file) {
    where = issue.file;
    if (issue.line) where += `:${issue.line}${issue.col ? `:${issue.col}` : ''}`;
    where += ': ';
  }
  const field = issue.field ? `${issue.field}: ` : '';
  return escapeControls(`${where}${field}${issue.message}`, false);
}

export function isBranchyardError(e: unknown): e is BranchyardError {
  return e instanceof BranchyardError;
}

/**
 * The one way to say "cancelled". Its name is AbortError as well, so code that only knows the
 * web platform's convention (fetch, AbortSignal users) recognises it too.
 */
export function cancelledError(message = 'cancelled', details: ErrorDetails = {}): BranchyardError {
  const e = new BranchyardError('cancelled', message, details);
  e.name = 'AbortError';
  return e;
}

/** A cancellation, whichever layer raised it (ours, an AbortSignal, a DOMException). */
export function isCancelled(e: unknown): boolean {
  return (e as BranchyardError)?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';
}
