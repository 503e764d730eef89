// What the new-environment dialog draws while an `up` runs: one row per service, built from the
// plan (what will happen to it) and then moved along by the engine's progress events (pulling
// with bytes, building with its log, creating, waiting for a dependency, starting, healthy or
// failed with the reason and the last log lines). Pure: the store folds events in with it.

import type { UpPlan } from '../../../shared/api/plan.ts';
import type { ProgressEvent, ServicePhase } from '../../../shared/api/stacks.ts';
import { type T, translator } from '../i18n/translate.ts';

/** Without a translator (unit tests, the command line's words), English. */
const ENGLISH = translator('en', 'environments');

/** Lines of a service's build log kept for the view (the whole log is in the stack's build log file). */
export const BUILD_LOG_LINES = 400;
/** Messages without a service (network, subnet, warnings) kept for the view. */
const GENERAL_LINES = 50;

export interface ServiceRow {
  service: string;
  /** `planned` until the engine reports the service's first phase. */
  phase: ServicePhase | 'planned';
  /** What the plan said it would do: create, recreate, start, keep (and why). */
  planned?: { action: string; reasons: string[] };
  /** The newest message about this service. */
  message: string;
  bytes?: { done: number; total: number };
  buildLog: string[];
  waitingFor?: { service: string; condition: string }[];
  failure?: { reason: string; exitCode?: number; lastLines: string[] };
}

export interface LaunchProgress {
  rows: ServiceRow[];
  general: string[];
}

/** Rows in the plan's order (dependencies first), services that build included. */
export function progressFromPlan(plan: UpPlan, t: T<'environments'> = ENGLISH): LaunchProgress {
  const rows = new Map<string, ServiceRow>();
  const row = (service: string): ServiceRow => {
    let r = rows.get(service);
    if (!r) rows.set(service, (r = { service, phase: 'planned', message: '', buildLog: [] }));
    return r;
  };
  for (const s of plan.services) row(s.service).planned = { action: s.action, reasons: s.reasons };
  for (const b of plan.builds) {
    const r = row(b.service);
    if (b.action === 'build') r.message = t('willBuild', { image: b.image, why: b.reasons.join('; ') || b.via });
  }
  return { rows: [...rows.values()], general: [] };
}

/** Folds one progress event in. Returns a new object when something changed (for React). */
export function applyProgress(p: LaunchProgress, e: ProgressEvent): LaunchProgress {
  if (!e.service) {
    const general = [...p.general, e.message];
    return { ...p, general: general.length > GENERAL_LINES ? general.slice(-GENERAL_LINES) : general };
  }
  const rows = p.rows.slice();
  let i = rows.findIndex((r) => r.service === e.service);
  if (i < 0) i = rows.push({ service: e.service, phase: 'planned', message: '', buildLog: [] }) - 1;
  const r: ServiceRow = { ...rows[i] };
  if (e.buildLog) {
    r.buildLog = [...r.buildLog, e.message];
    if (r.buildLog.length > BUILD_LOG_LINES) r.buildLog = r.buildLog.slice(-BUILD_LOG_LINES);
    if (r.phase === 'planned') r.phase = 'building';
  } else {
    r.message = e.message;
  }
  if (e.phase) {
    r.phase = e.phase;
    if (e.phase !== 'pulling') r.bytes = undefined;
    r.waitingFor = e.phase === 'waiting' ? e.waitingFor : undefined;
    if (e.phase !== 'failed') r.failure = undefined;
  }
  if (e.bytes) r.bytes = e.bytes;
  if (e.failure) r.failure = e.failure;
  rows[i] = r;
  return { ...p, rows };
}

/** Every event of a batch folded in, in order. */
export function applyAll(p: LaunchProgress, events: ProgressEvent[]): LaunchProgress {
  return events.reduce(applyProgress, p);
}

const PLANNED = ['create', 'recreate', 'start', 'keep'] as const;
const CONDITIONS = ['running', 'healthy', 'completed'] as const;

/** The words a row shows for its phase, in the translator's language. */
export function phaseText(r: ServiceRow, t: T<'environments'> = ENGLISH): string {
  switch (r.phase) {
    case 'planned': {
      const action = PLANNED.find((a) => a === r.planned?.action);
      return action ? t(`planned_${action}`) : t('planned');
    }
    case 'pulling':
      return r.bytes && r.bytes.total > 0 ? t('phase_pullingPercent', { percent: Math.floor((100 * r.bytes.done) / r.bytes.total) }) : t('phase_pulling');
    case 'waiting': {
      if (!r.waitingFor?.length) return t('phase_waiting');
      const list = r.waitingFor.map((w) => {
        const known = CONDITIONS.find((c) => c === w.condition);
        return t('waitingOne', { service: w.service, condition: known ? t(`condition_${known}`) : w.condition });
      });
      return t('phase_waitingFor', { list: list.join(', ') });
    }
    case 'failed':
      return r.failure?.exitCode !== undefined ? t('phase_failedExit', { code: String(r.failure.exitCode) }) : t('phase_failed');
    default:
      return t(`phase_${r.phase}`);
  }
}

/** A service is settled when nothing more will happen to it in this launch. */
export function isSettled(r: ServiceRow): boolean {
  return r.phase === 'healthy' || r.phase === 'running' || r.phase === 'kept' || r.phase === 'failed' || r.phase === 'removed';
}
