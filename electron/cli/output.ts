// Where the command line writes: results to stdout, progress and errors to stderr, so a CI job
// can pipe `--json` output into another tool while still seeing what happens.

import { BranchyardError, formatIssue, isCancelled } from '../../shared/errors/errors.ts';
import type { Progress } from '../engine/progress.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

export function printResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  printResult(JSON.stringify(value, null, 2));
}

export const stderrProgress: Progress = (e) => {
  process.stderr.write(`${e.service ? `[${e.service}] ` : ''}${e.message}\n`);
};

/** Prints an error as the user should see it and returns the exit status it means. */
export function reportError(e: unknown, json: boolean): number {
  if (e instanceof BranchyardError) {
    if (json) {
      process.stderr.write(`${JSON.stringify({ error: { name: e.name, kind: e.kind, message: e.message, details: e.details } })}\n`);
    } else if (e.details.issues && e.details.issues.length > 1) {
      process.stderr.write(`error: ${e.details.issues.length} problems:\n${e.details.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    } else {
      process.stderr.write(`error: ${e.message}\n`);
    }
    if (e.kind === 'cancelled') return EXIT.cancelled;
    return e.kind === 'invalid-input' ? EXIT.usage : EXIT.failed;
  }
  if (isCancelled(e)) {
    process.stderr.write('error: cancelled\n');
    return EXIT.cancelled;
  }
  process.stderr.write(`error: ${(e as Error)?.stack ?? String(e)}\n`);
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
