// The phases of each service during an `up`, as progress events: the app draws one row per
// service from them (creating, waiting, starting, running, healthy, kept, failed), the command
// line prints their messages. A service several others wait on is reported healthy, or failed,
// once, however many waits saw it.

import type { ServicePhase } from '../../../../shared/api/stacks.ts';
import { BranchyardError, isCancelled } from '../../../../shared/errors/errors.ts';
import type { Progress } from '../../progress.ts';

export class PhaseReporter {
  private readonly said = new Set<string>();

  constructor(private readonly progress: Progress) {}

  phase(service: string, phase: ServicePhase, message: string): void {
    this.progress({ service, phase, message });
  }

  /** Only the first time this service enters this phase. */
  once(service: string, phase: ServicePhase, message: string): void {
    const key = `${phase}\0${service}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.phase(service, phase, message);
  }

  /** A message about the service that changes no phase, said once. */
  note(service: string, message: string): void {
    const key = `note\0${service}\0${message}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.progress({ service, message });
  }

  /**
   * The service failed with `e`: its reason as the engine gave it (exit code, OOM kill, engine
   * error, last healthcheck output) and its last log lines. A cancel is no failure of the service.
   */
  failed(service: string, e: unknown): void {
    if (isCancelled(e)) return;
    const key = `failed\0${service}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    const d = e instanceof BranchyardError ? e.details : {};
    const reason = d.reason ?? (e instanceof Error ? e.message : String(e));
    this.progress({
      service,
      phase: 'failed',
      message: `failed: ${reason}`,
      failure: { reason, ...(d.exitCode !== undefined ? { exitCode: d.exitCode } : {}), lastLines: d.logTail ?? [] },
    });
  }
}
