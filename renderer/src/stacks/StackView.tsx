import { LaunchBanner, UpdateButton } from '../environments/LaunchBanner.tsx';
import { useApp } from '../store/appStore.ts';
import { ServicesTable } from './ServicesTable.tsx';
import { Outcome, StackActions } from './StackActions.tsx';
import { stacksStale } from './stacksSlice.ts';

export function StackView() {
  const name = useApp((s) => s.selectedStack);
  const stack = useApp((s) => s.stacks.find((x) => x.name === s.selectedStack));
  const teardown = useApp((s) => (s.selectedStack ? s.teardowns[s.selectedStack] : undefined));
  const stale = useApp(stacksStale);
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
  return (
    <div className={stale ? 'stack-view stale' : 'stack-view'} data-testid="stack-view" data-stale={stale}>
      <header className="stack-head">
        <h1>{stack.name}</h1>
        <span className={`pill status-${stack.status}`} data-testid="stack-view-status">
          {stack.status}
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
      <div className="toolbar stack-update">
        <UpdateButton stack={stack.name} />
      </div>
      <StackActions key={stack.name} stack={stack} />
      <ServicesTable stack={stack} />
    </div>
  );
}
