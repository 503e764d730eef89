// Checks of what a viewer sends for terminals. Params arrive from other processes (IPC, WebSocket),
// so nothing is trusted: every problem is reported at once, naming the field.

import { BranchyardError, type Issue } from '../../../shared/errors/errors.ts';
import type { TerminalInputParams, TerminalParams, TerminalResizeParams } from '../../../shared/api/terminal.ts';

/** No real screen has more cells on a side; a larger number is a bug or an attack on memory. */
export const MAX_TERMINAL_SIDE = 1000;

/** Checked terminal params with the defaults filled in. */
export type CheckedTerminalParams = TerminalParams & { tty: boolean };

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function requiredName(p: Record<string, unknown>, field: string, issues: Issue[]): string {
  const v = p[field];
  if (typeof v !== 'string' || v.trim() === '') issues.push({ field, message: 'is required (a non-empty string)' });
  return typeof v === 'string' ? v : '';
}

function optionalText(p: Record<string, unknown>, field: string, issues: Issue[]): string | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '' || v.includes('\0')) {
    issues.push({ field, message: 'must be a non-empty string without NUL bytes' });
    return undefined;
  }
  return v;
}

function side(p: Record<string, unknown>, field: 'cols' | 'rows', issues: Issue[]): number {
  const v = p[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_TERMINAL_SIDE) {
    issues.push({ field, message: `must be a whole number from 1 to ${MAX_TERMINAL_SIDE}, got ${JSON.stringify(v) ?? 'nothing'}` });
  }
  return v as number;
}

function sessionId(p: Record<string, unknown>, issues: Issue[]): string {
  const v = p.session;
  if (typeof v !== 'string' || v === '') issues.push({ field: 'session', message: 'is required (the id of the started event)' });
  return v as string;
}

export function checkTerminalParams(value: unknown): CheckedTerminalParams {
  const p = record(value);
  const issues: Issue[] = [];
  const stack = requiredName(p, 'stack', issues);
  const service = requiredName(p, 'service', issues);
  let command: string[] | undefined;
  if (p.command !== undefined && p.command !== null) {
    const c = p.command;
    if (!Array.isArray(c) || c.length === 0) issues.push({ field: 'command', message: 'must be a non-empty list of words' });
    else if (c.some((w) => typeof w !== 'string' || w.includes('\0'))) issues.push({ field: 'command', message: 'every word must be a string without NUL bytes' });
    else if (c[0] === '') issues.push({ field: 'command', message: 'the program (first word) is empty' });
    else command = c as string[];
  }
  const user = optionalText(p, 'user', issues);
  const workdir = optionalText(p, 'workdir', issues);
  // The engine refuses a relative working directory only when the exec starts; say it up front.
  if (workdir !== undefined && !workdir.startsWith('/')) issues.push({ field: 'workdir', message: `'${workdir}' is not an absolute path` });
  const cols = side(p, 'cols', issues);
  const rows = side(p, 'rows', issues);
  if (p.tty !== undefined && typeof p.tty !== 'boolean') issues.push({ field: 'tty', message: 'must be true or false' });
  if (issues.length > 0) throw BranchyardError.invalid(issues);
  return {
    stack,
    service,
    cols,
    rows,
    tty: p.tty !== false,
    ...(command ? { command } : {}),
    ...(user ? { user } : {}),
    ...(workdir ? { workdir } : {}),
  };
}

export function checkInputParams(value: unknown): TerminalInputParams {
  const p = record(value);
  const issues: Issue[] = [];
  const session = sessionId(p, issues);
  if (p.data !== undefined && !(p.data instanceof Uint8Array)) issues.push({ field: 'data', message: 'must be bytes (a Uint8Array)' });
  if (p.eof !== undefined && typeof p.eof !== 'boolean') issues.push({ field: 'eof', message: 'must be true or false' });
  if (issues.length > 0) throw BranchyardError.invalid(issues);
  return { session, ...(p.data ? { data: p.data as Uint8Array } : {}), ...(p.eof ? { eof: true } : {}) };
}

export function checkResizeParams(value: unknown): TerminalResizeParams {
  const p = record(value);
  const issues: Issue[] = [];
  const session = sessionId(p, issues);
  const cols = side(p, 'cols', issues);
  const rows = side(p, 'rows', issues);
  if (issues.length > 0) throw BranchyardError.invalid(issues);
  return { session, cols, rows };
}
