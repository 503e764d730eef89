// Where the command line writes: results to stdout, progress and errors to stderr, so a CI job
// can pipe `--json` output into another tool while still seeing what happens.

import { BranchyardError, formatIssue, isCancelled } from '../../shared/errors/errors.ts';
import type { Progress } from '../engine/progress.ts';
import { escapeControls } from '../../shared/text/escapeControls.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

// Everything here is the one place the command line writes text for people, so it is where
// control characters a stack file, an engine or a build put into a message are made visible
// (\x1b instead of ESC): a message never recolours, clears or retitles the user's terminal.
// Container logs and exec sessions are not written here: they are the containers' own bytes.

/** A result on stdout. */
export function printResult(text: string): void {
  const shown = escapeControls(text);
  process.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
}

/** A result as JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value, 2)}\n`);
}

/** One line (or block) for people on stderr: a warning, a notice, an error, progress. */
export function printMessage(text: string): void {
  process.stderr.write(`${escapeControls(text)}\n`);
}

/**
 * JSON stays JSON: JSON.stringify already escapes C0 controls; DEL, the C1 controls and the
 * bidirectional and line-separator characters, which it leaves raw, become \u escapes too.
 */
export function toJson(value: unknown, indent?: number): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(value, null, indent).replace(/[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Phases a service passes through in a moment, whose outcome the next line of the same service
 * says ("created on 10.0.0.5", or its failure): the app draws them, a terminal need not print them.
 */
const PASSING = new Set(['creating', 'starting']);

export const stderrProgress: Progress = (e) => {
  if (e.phase && PASSING.has(e.phase)) return;
  printMessage(`${e.service ? `[${e.service}] ` : ''}${e.message}`);
};

/** Prints an error as the user should see it and returns the exit status it means. */
export function reportError(e: unknown, json: boolean): number {
  if (e instanceof BranchyardError) {
    if (json) {
      process.stderr.write(`${toJson({ error: { name: e.name, kind: e.kind, message: e.message, details: e.details } })}\n`);
    } else if (e.details.issues && e.details.issues.length > 1) {
      printMessage(`error: ${e.details.issues.length} problems:\n${e.details.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    } else {
      printMessage(`error: ${e.message}`);
    }
    if (e.kind === 'cancelled') return EXIT.cancelled;
    return e.kind === 'invalid-input' ? EXIT.usage : EXIT.failed;
  }
  if (isCancelled(e)) {
    printMessage('error: cancelled');
    return EXIT.cancelled;
  }
  printMessage(`error: ${(e as Error)?.stack ?? String(e)}`);
  return EXIT.failed;
}

/** Left-aligned columns, for ls and ps. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
