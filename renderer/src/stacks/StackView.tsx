import type { StackStatus } from '../../../shared/stack/status.ts';
import { useOperation } from '../api/useOperation.ts';
import { LaunchBanner } from '../environments/LaunchBanner.tsx';
import { notifyTeardown } from '../notify/notify.ts';
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
  const name = useApp((s) => s.selectedStack);
  const stack = useApp((s) => s.stacks.find((x) => x.name === s.selectedStack));
  const teardown = useApp((s) => (s.selectedStack ? s.teardowns[s.selectedStack] : undefined));
  if (!name) return <p className="muted pad">Select a stack on the left.</p>;
  if (!stack) {
    return (
      <div className="pad">
        <p className="muted" data-testid="stack-gone">
          Stack {name} is gone from the engine.
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
      const gone = r.removed.volumes.length ? `; volumes removed: ${r.removed.volumes.join(', ')}` : '';
      return {
        ok: !r.captureError,
        text: r.capture ? `removed; logs captured in ${r.capture.path}${gone}` : `removed${r.captureError ? `, but the capture failed: ${r.captureError}` : ''}${gone}`,
      };
    });
    // Kept in the store: the stack view shows it after the stack is gone from the list.
    noteTeardown(stack.name, outcome);
    notifyTeardown(stack.name, outcome, archive);
  };

  const t = stats.totals;
  return (
    <div className={stale ? 'stack-view stale' : 'stack-view'} data-testid="stack-view" data-stale={stale}>
      <header className="stack-head">
        <h1>{stack.name}</h1>
        <span className={`pill status-${stack.status}`} data-testid="stack-view-status">
          {stack.status}
        </span>
        <span className="usage" title="Live, over the stack's running containers">
          CPU <span data-testid="stack-cpu">{t.containers ? formatCpu(t.cpuPercent) : '–'}</span> · memory{' '}
          <span data-testid="stack-memory">{t.containers ? formatMemory(t.memoryBytes) : '–'}</span>
        </span>
        <dl>
          <dt>template</dt>
          <dd>{stack.template || '–'}</dd>
          <dt>branch</dt>
          <dd>{stack.branch ?? '–'}</dd>
          <dt>subnet</dt>
          <dd className="mono">{stack.subnet ?? '–'}</dd>
          {stack.file && (
            <>
              <dt>file</dt>
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
