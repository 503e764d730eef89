import { moveInList } from '../keyboard/listKeys.ts';
import { useApp } from '../store/appStore.ts';
import { useT } from '../i18n/useT.ts';
import { servicesSummaryText } from './servicesSummaryText.ts';
import { stacksStale } from './stacksSlice.ts';

export function StackList() {
  const t = useT('stacks');
  const stacks = useApp((s) => s.stacks);
  const loaded = useApp((s) => s.stacksLoaded);
  const selected = useApp((s) => s.selectedStack);
  const view = useApp((s) => s.view);
  const selectStack = useApp((s) => s.selectStack);
  const stale = useApp(stacksStale);
  const engineDown = useApp((s) => s.engineDown !== null);
  const attention = useApp((s) => s.attention);
  if (!loaded) {
    return (
      <p className="muted pad" data-testid="stacks-loading">
        {engineDown ? t('loadingEngineDown') : t('loading')}
      </p>
    );
  }
  if (stacks.length === 0) return <p className="muted pad" data-testid="no-stacks">{t('none')}</p>;
  return (
    <ul
      className={stale ? 'stack-list stale' : 'stack-list'}
      data-testid="stack-list"
      data-stale={stale}
      title={stale ? t('stale') : undefined}
      onKeyDown={(e) => moveInList(e, stacks.map((s) => s.name), selected, selectStack, (name) => `stack-${name}`)}
    >
      {stacks.map((s) => {
        const news = attention.includes(s.name);
        return (
          <li key={s.name}>
            <button
              type="button"
              className={view === 'stacks' && s.name === selected ? 'stack-item selected' : 'stack-item'}
              aria-current={view === 'stacks' && s.name === selected ? 'page' : undefined}
              onClick={() => selectStack(s.name)}
              data-testid={`stack-${s.name}`}
              data-attention={news}
            >
              <span className="stack-name">
                {news && (
                  <span className="attention" title={t('unseenNews')}>
                    ●{' '}
                  </span>
                )}
                {s.name}
              </span>
              <span className={`pill status-${s.status}`} data-testid="stack-status" data-status={s.status}>
                {t(`state_${s.status}`)}
              </span>
              <span className="stack-meta">
                {s.branch ?? t('noBranch')} · {s.subnet ?? t('noSubnet')} · {servicesSummaryText(t, s)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
