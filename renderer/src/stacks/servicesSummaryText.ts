import { servicesCounts, type StackStatus } from '../../../shared/stack/status.ts';
import type { T } from '../i18n/translate.ts';

/** The stack list's one-line summary in the UI's language (the command line words the same counts). */
export function servicesSummaryText(t: T<'stacks'>, s: StackStatus): string {
  const c = servicesCounts(s);
  const sep = t('listSeparator');
  const parts = [
    c.notStarted.length ? t('notStarted', { names: c.notStarted.join(', ') }) : '',
    c.missing.length ? t('notCreated', { names: c.missing.join(', ') }) : '',
    c.failed.length ? t('failed', { names: c.failed.join(', ') }) : '',
  ].filter(Boolean);
  const head = c.incomplete ? t('started', { started: c.started, count: c.total }) : t('running', { running: c.running, total: c.total });
  return parts.length ? t('withDetails', { head, details: parts.join(sep) }) : head;
}
