// When a stack's status is news worth a notification, derived from the live status stream alone,
// so it works whoever started the stack (this page, another tab, the command line, CI): a stack
// that is coming up (starting, incomplete, services created but not started yet, or new since the
// page loaded) becomes `ready` when it reaches running, and `failed` when one of its services
// fails on the way. A stack that was already running, or merely stopped, is not news.

import type { ServiceStatus, StackState, StackStatus } from '../../../shared/stack/status.ts';
import { type T, translator } from '../i18n/translate.ts';

/** Without a translator (unit tests), English. */
const ENGLISH = translator('en', 'notify');

export type StackNews = { kind: 'ready'; stack: StackStatus } | { kind: 'failed'; stack: StackStatus; failed: ServiceStatus[] };

/**
 * Exit codes of a container that was asked to stop (SIGINT, SIGTERM: docker stop, a recreate),
 * not of one that failed.
 */
const STOPPED_ON_REQUEST = new Set([130, 143]);

/** Services that failed: exited with an error, dead, restarting in a loop, or unhealthy. */
export function failedServices(stack: StackStatus): ServiceStatus[] {
  return stack.services.filter(
    (s) =>
      s.health === 'unhealthy' ||
      s.state === 'dead' ||
      s.state === 'restarting' ||
      (s.state === 'exited' && s.exitCode !== undefined && s.exitCode !== 0 && !STOPPED_ON_REQUEST.has(s.exitCode)),
  );
}

const ON_THE_WAY: ReadonlySet<StackState> = new Set(['starting', 'incomplete', 'empty']);

/** Remembers which stacks are coming up; one tracker for the page's life (it outlives reconnects). */
export class ReadinessTracker {
  private readonly comingUp = new Set<string>();
  /**
   * Stacks whose failure was announced and that have not been ready since: a service in a
   * restart loop fails again and again, and is announced once.
   */
  private readonly failedBefore = new Set<string>();

  /**
   * One stack's new status (`after` null: it is gone). `before`: what the page showed until now;
   * `loaded`: the page had its first list already (the first list itself is never news).
   */
  update(name: string, before: StackStatus | undefined, after: StackStatus | null, loaded: boolean): StackNews | undefined {
    if (!after) {
      this.comingUp.delete(name);
      this.failedBefore.delete(name);
      return undefined;
    }
    const failed = failedServices(after);
    // Services created but not started yet (an up in progress) make a stack "degraded" too.
    const onTheWay = ON_THE_WAY.has(after.status) || (after.status === 'degraded' && failed.length === 0);
    if (!loaded) {
      if (onTheWay) this.comingUp.add(name);
      return undefined;
    }
    if (!this.comingUp.has(name) && !onTheWay && before !== undefined) return undefined;
    this.comingUp.delete(name);
    if (failed.length) {
      if (this.failedBefore.has(name)) return undefined;
      this.failedBefore.add(name);
      return { kind: 'failed', stack: after, failed };
    }
    if (after.status === 'running') {
      this.failedBefore.delete(name);
      return { kind: 'ready', stack: after };
    }
    if (after.status !== 'stopped') this.comingUp.add(name);
    return undefined;
  }

  /** A full list: every stack compared with what was shown; those missing from it are gone. */
  snapshot(before: StackStatus[], after: StackStatus[], loaded: boolean): StackNews[] {
    const old = new Map(before.map((s) => [s.name, s]));
    const news: StackNews[] = [];
    for (const s of after) {
      const n = this.update(s.name, old.get(s.name), s, loaded);
      if (n) news.push(n);
      old.delete(s.name);
    }
    for (const name of old.keys()) this.update(name, undefined, null, loaded);
    return news;
  }
}

function describeFailure(t: T<'notify'>, s: ServiceStatus): string {
  if (s.health === 'unhealthy') return t('unhealthy', { service: s.name });
  if (s.state === 'restarting') return t('restarting', { service: s.name });
  if (s.state === 'dead') return t('dead', { service: s.name });
  return t('exited', { service: s.name, code: String(s.exitCode) });
}

/** The notification's words for a piece of news, in the translator's language. */
export function newsText(n: StackNews, t: T<'notify'> = ENGLISH): { title: string; body: string } {
  const s = n.stack;
  if (n.kind === 'failed') return { title: t('failedTitle', { stack: s.name }), body: n.failed.map((f) => describeFailure(t, f)).join(t('failureSeparator')) };
  const running = s.services.filter((x) => x.state === 'running').length;
  const where = [s.branch ? t('branch', { branch: s.branch }) : '', s.subnet ?? ''].filter(Boolean).join(' · ');
  const body = t('readyBody', { running, count: s.services.length });
  return { title: t('readyTitle', { stack: s.name }), body: where ? `${body} · ${where}` : body };
}
