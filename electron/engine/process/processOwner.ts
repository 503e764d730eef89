// Who owns a file left on disk (a capture in progress, a stack lock), and whether that owner
// still runs. A pid alone is not enough: after a crash or a reboot the pid is soon reused by an
// unrelated process, so the owner also records when its process started (on Linux from
// /proc/<pid>/stat, in clock ticks since boot) and on which machine (a capture folder or data
// folder may be shared, and a pid means nothing on another host or in another container).
// Where the start time cannot be read, a live pid counts as the owner: a file is then kept too
// long, never removed under a running process.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessOwner {
  pid: number;
  /** Process start time in clock ticks since boot; 0 where unknown. */
  start: number;
  /** A short hash of the host's name. */
  host: string;
}

/** Field 22 of /proc/<pid>/stat; the name field before it may hold spaces and parentheses. */
export function startTimeOf(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isSafeInteger(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function hostTag(): string {
  return createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
}

let self: ProcessOwner | undefined;

export function selfOwner(): ProcessOwner {
  self ??= { pid: process.pid, start: startTimeOf(process.pid) ?? 0, host: hostTag() };
  return self;
}

/** False only when sure: same host, and the pid is gone or now belongs to a later process. */
export function isOwnerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== selfOwner().host) return true; // not ours to judge
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: it runs, as another user.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.start === 0) return true;
  const start = startTimeOf(owner.pid);
  return start === undefined || start === owner.start;
}

/** `<host>-<pid>-<start>`, safe in a file name. */
export function ownerToken(o: ProcessOwner): string {
  return `${o.host}-${o.pid}-${o.start}`;
}

export const OWNER_TOKEN = /[0-9a-f]{8}-\d+-\d+/;

export function parseOwnerToken(token: string): ProcessOwner | undefined {
  const m = /^([0-9a-f]{8})-(\d+)-(\d+)$/.exec(token);
  if (!m) return undefined;
  const pid = Number(m[2]);
  const start = Number(m[3]);
  return Number.isSafeInteger(pid) && pid > 0 && Number.isSafeInteger(start) ? { host: m[1], pid, start } : undefined;
}
