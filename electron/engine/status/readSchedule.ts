// When to read a stack again after its events: once they have been quiet for QUIET_MS (a burst
// of events costs one read), and not at once, because the engine reports a change before what it
// lists has it: a container listed right at its `die` event is still "running" (Docker 20.10),
// and with no event after that the viewer would be left with the wrong state. A stack whose
// events never stop (healthchecks of many services) is read every MAX_WAIT_MS all the same, and
// once more when they stop. Pure bookkeeping: the caller owns the clock and the timer.

/** A stack is read once its events have been quiet this long... */
export const QUIET_MS = 100;
/** ...or this long after the first event not read yet, whichever comes first. */
export const MAX_WAIT_MS = 400;

interface Pending {
  first: number;
  last: number;
}

export class ReadSchedule {
  private readonly pending = new Map<string, Pending>();

  /** An event touched `name` at `now`. */
  touch(name: string, now: number): void {
    this.pending.set(name, { first: this.pending.get(name)?.first ?? now, last: now });
  }

  /** When the next read is due, if any. */
  next(): number | undefined {
    let at: number | undefined;
    for (const p of this.pending.values()) at = Math.min(at ?? Infinity, dueAt(p));
    return at;
  }

  /** The stacks due at `now`, to read now. */
  take(now: number): string[] {
    const names: string[] = [];
    for (const [name, p] of this.pending) {
      if (dueAt(p) > now) continue;
      names.push(name);
      // Read before its events were quiet: once more when they are.
      if (p.last + QUIET_MS > now) this.pending.set(name, { first: now, last: p.last });
      else this.pending.delete(name);
    }
    return names;
  }
}

function dueAt(p: Pending): number {
  return Math.min(p.last + QUIET_MS, p.first + MAX_WAIT_MS);
}
