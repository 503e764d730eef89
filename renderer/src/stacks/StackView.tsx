import type { StackStatus } from '../../../shared/stack/status.ts';
import { useOperation } from '../api/useOperation.ts';
import { LaunchBanner } from '../environments/LaunchBanner.tsx';
import { notifyTeardown } from '../notify/notify.ts';
import { translator } from '../i18n/translate.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { SLOT, Slotted } from '../layout/Slotted.tsx';
import { askForNotifications } from '../notify/permission.ts';
import { useApp } from '../store/appStore.ts';
import { formatCpu, formatMemory } from './formatUsage.ts';
import { ServicesTable } from './ServicesTable.tsx';
import { Outcome, StackActions } from './StackActions.tsx';
import { type ControlKind, controlKey, runControl } from './stackControl.ts';
import { useServiceDetails } from './useServiceDetails.ts';
import { useStackStats } from './useStackStats.ts';
import { stacksStale } from './stacksSlice.ts';

export function StackView() {
  const t = useT('stacks');
  const name = useApp((s) => s.selectedStack);
  const stack = useApp((s) => s.stacks.find((x) => x.name === s.selectedStack));
  const teardown = useApp((s) => (s.selectedStack ? s.teardowns[s.selectedStack] : undefined));
  if (!name) return <p className="muted pad">{t('selectStack')}</p>;
  if (!stack) {
    return (
      <div className="pad">
        <p className="muted" data-testid="stack-gone">
          {t('gone', { name })}
        </p>
        <Outcome outcome={teardown ?? null} />
        <LaunchBanner stack={name} />
      </div>
    );
  }
  return <ShownStack key={stack.name} stack={stack} />;
}

/** One stack on screen: its live stats stream and details live as long as this does. */
function ShownStack({ stack }: { stack: StackStatus }) {
  const client = useApp((s) => s.client);
  const noteTeardown = useApp((s) => s.noteTeardown);
  const op = useOperation<string>();
  const stale = useApp(stacksStale);
  const stats = useStackStats(client, stack.name);
  const details = useServiceDetails(client, stack);

  const run = (kind: Exclude<ControlKind, 'down'>, service?: string) => {
    if (!client) return;
    noteTeardown(stack.name, null);
    void op.run(controlKey(kind, service), (options) => runControl(client, kind, stack.name, service, options));
  };

  const tearDown = async (volumes: boolean) => {
    if (!client) return;
    noteTeardown(stack.name, null);
    // A teardown takes a while: the moment to ask whether its end may be announced.
    void askForNotifications();
    let archive: string | undefined;
    const outcome = await op.run('down', async (options) => {
      const r = await client.down({ stack: stack.name, capture: true, volumes }, options);
      archive = r.capture?.path;
      return {
        ok: !r.captureError,
        text: (lang) => {
          const w = translator(lang, 'stacks');
          const done = r.capture ? w('downCaptured', { path: r.capture.path }) : r.captureError ? w('downCaptureFailed', { error: r.captureError }) : w('downRemoved');
          return r.removed.volumes.length ? w('downVolumesRemoved', { text: done, volumes: r.removed.volumes.join(', ') }) : done;
        },
      };
    });
    // Kept in the store: the stack view shows it after the stack is gone from the list.
    noteTeardown(stack.name, outcome);
    notifyTeardown(stack.name, outcome, archive);
  };

  const t = useT('stacks');
  const lang = useLanguage();
  const totals = stats.totals;
  return (
    <div className={stale ? 'stack-view stale' : 'stack-view'} data-testid="stack-view" data-stale={stale}>
      <header className="stack-head">
        <h1>{stack.name}</h1>
        <span className={`pill status-${stack.status}`} data-testid="stack-view-status" data-status={stack.status}>
          {t(`state_${stack.status}`)}
        </span>
        <span className="usage" title={t('usageTitle')}>
          <Slotted text={t('usage', { cpu: SLOT, memory: SLOT })}>
            <span data-testid="stack-cpu">{totals.containers ? formatCpu(lang, totals.cpuPercent) : '–'}</span>
            <span data-testid="stack-memory">{totals.containers ? formatMemory(lang, totals.memoryBytes) : '–'}</span>
          </Slotted>
        </span>
        <dl>
          <dt>{t('field_template')}</dt>
          <dd>{stack.template || '–'}</dd>
          <dt>{t('field_branch')}</dt>
          <dd>{stack.branch ?? '–'}</dd>
          <dt>{t('field_subnet')}</dt>
          <dd className="mono">{stack.subnet ?? '–'}</dd>
          {stack.file && (
            <>
              <dt>{t('field_file')}</dt>
              <dd className="mono">{stack.file}</dd>
            </>
          )}
        </dl>
      </header>
      <LaunchBanner stack={stack.name} />
      <StackActions stack={stack} op={op} run={(kind) => run(kind)} tearDown={tearDown} />
      <ServicesTable stack={stack} details={details} samples={stats.samples} control={{ busy: op.busy, run: (kind, service) => run(kind, service) }} />
    </div>
  );
}
