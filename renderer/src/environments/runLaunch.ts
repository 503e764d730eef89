// Runs an `up` for the app: the plan the user confirmed is shown as rows, the engine's progress
// moves them along (folded in at most every 100 ms, so a chatty build log does not redraw the
// page per line), and the end says what came of it. Cancel aborts the call, so the engine stops
// every step of it exactly as the command line's Ctrl-C does; the launch then says what the stack
// was left with, read back from the engine.

import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { UpPlan } from '../../../shared/api/plan.ts';
import type { ProgressEvent, UpParams } from '../../../shared/api/stacks.ts';
import { isBranchyardError, isCancelled } from '../../../shared/errors/errors.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { errorMessage, saidError } from '../api/errorMessage.ts';
import { type Said, said } from '../i18n/said.ts';
import { translator } from '../i18n/translate.ts';
import { tNow } from '../i18n/useT.ts';
import { notifyUser } from '../notify/notify.ts';
import { useApp } from '../store/appStore.ts';
import { applyAll, progressFromPlan } from './launchProgress.ts';

const FOLD_EVERY_MS = 100;

const controllers = new Map<string, AbortController>();

export function launchRunning(stack: string): boolean {
  return controllers.has(stack);
}

export async function startLaunch(client: BranchyardClient, params: UpParams, plan: UpPlan, mode: 'new' | 'update'): Promise<void> {
  const stack = plan.stack;
  if (controllers.has(stack)) return;
  const abort = new AbortController();
  controllers.set(stack, abort);
  const store = useApp.getState();
  store.putLaunch({ stack, mode, params, plan, progress: progressFromPlan(plan, tNow('environments')), state: 'running', startedAt: Date.now() });

  let pending: ProgressEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fold = () => {
    timer = null;
    const events = pending;
    pending = [];
    if (events.length) useApp.getState().patchLaunch(stack, (l) => ({ progress: applyAll(l.progress, events) }));
  };
  const onProgress = (e: ProgressEvent) => {
    pending.push(e);
    timer ??= setTimeout(fold, FOLD_EVERY_MS);
  };

  try {
    const r = await client.up({ ...params, wait: true }, { signal: abort.signal, onProgress });
    fold();
    const seconds = ((Date.now() - useApp.getState().launches[stack].startedAt) / 1000).toFixed(1);
    useApp.getState().patchLaunch(stack, () => ({
      state: 'ready',
      finishedAt: Date.now(),
      outcome: said('environments', 'ready', { stack, count: r.services.length, subnet: r.subnet, seconds }),
    }));
  } catch (e) {
    fold();
    const cancelled = isCancelled(e);
    useApp.getState().patchLaunch(stack, () => ({
      state: cancelled ? 'cancelled' : 'failed',
      finishedAt: Date.now(),
      outcome: cancelled ? (lang) => capitalised(errorMessage(e, lang)) : leadOf(e),
    }));
    // A service that fails is announced by the live status (notify/stackReadiness.ts); a launch
    // that fails before any service could (a build, a pull, a refused subnet) is not seen there.
    if (!cancelled && !(isBranchyardError(e) && e.kind === 'service-failed')) {
      notifyUser({ stack, title: tNow('notify')('launchFailedTitle', { stack }), body: leadOf(e)(useApp.getState().language) });
    }
    const left = await whatIsLeft(client, stack);
    useApp.getState().patchLaunch(stack, () => ({ left }));
  } finally {
    if (timer) clearTimeout(timer);
    controllers.delete(stack);
  }
}

export function cancelLaunch(stack: string): void {
  controllers.get(stack)?.abort();
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A failed service's error carries its last log lines, which its row shows already: the outcome
 * says only what happened.
 */
function leadOf(e: unknown): Said {
  return (lang) => {
    const text = errorMessage(e, lang);
    return isBranchyardError(e) && e.details.logTail ? text.split('\n')[0] : text;
  };
}

/** One line per service the engine has of the stack after a launch that did not finish. */
async function whatIsLeft(client: BranchyardClient, stack: string): Promise<Said[]> {
  let status: StackStatus | null;
  try {
    status = await client.inspectStack({ stack });
  } catch (e) {
    const error = saidError(e);
    return [(lang) => translator(lang, 'environments')('notReadBack', { error: error(lang) })];
  }
  if (!status) return [said('environments', 'nothingLeft')];
  const lines: Said[] = status.services.map((s) => (lang) => {
    const t = translator(lang, 'environments');
    const words = translator(lang, 'stacks');
    const state = s.state === 'created' ? t('createdNeverStarted') : words(`serviceState_${s.state}`);
    return s.health !== 'none'
      ? t('leftServiceHealth', { name: s.name, state, health: words(`health_${s.health}`), ip: s.ip })
      : t('leftService', { name: s.name, state, ip: s.ip });
  });
  for (const m of status.missing ?? []) lines.push(said('environments', 'leftMissing', { name: m }));
  const { network, subnet } = status;
  if (lines.length === 0) lines.push((lang) => translator(lang, 'environments')('onlyNetwork', { network: network ?? stack, subnet: subnet ?? translator(lang, 'stacks')('noSubnet') }));
  return lines;
}
