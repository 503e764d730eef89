import { useApp } from '../store/appStore.ts';

export function StackList() {
  const stacks = useApp((s) => s.stacks);
  const loaded = useApp((s) => s.stacksLoaded);
  const selected = useApp((s) => s.selectedStack);
  const view = useApp((s) => s.view);
  const selectStack = useApp((s) => s.selectStack);
  if (!loaded) return <p className="muted pad">loading stacks…</p>;
  if (stacks.length === 0) return <p className="muted pad" data-testid="no-stacks">no stacks on this engine</p>;
  return (
    <ul className="stack-list" data-testid="stack-list">
      {stacks.map((s) => {
        const running = s.services.filter((x) => x.state === 'running').length;
        return (
          <li key={s.name}>
            <button
              type="button"
              className={view === 'stacks' && s.name === selected ? 'stack-item selected' : 'stack-item'}
              onClick={() => selectStack(s.name)}
              data-testid={`stack-${s.name}`}
            >
              <span className="stack-name">{s.name}</span>
              <span className={`pill status-${s.status}`} data-testid="stack-status">
                {s.status}
              </span>
              <span className="stack-meta">
                {s.branch ?? 'no branch'} · {s.subnet ?? 'no subnet'} · {running}/{s.services.length} running
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
