// A terminal's tab in the dock: service, stack, the shell and user when not the default, and its
// state. It is where focus lands when it leaves the terminal (Ctrl+Shift+X).

import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { optionsLabel } from './openOptions.ts';
import type { TerminalTab } from './terminalsSlice.ts';
import { terminalTabElementId } from './TerminalView.tsx';

export function TerminalTabButton({ tab, active }: { tab: TerminalTab; active: boolean }) {
  const t = useT('terminals');
  const { showDockTab, closeTerminal } = useApp.getState();
  const how = optionsLabel(tab.options);
  return (
    <div className={active ? 'tab active' : 'tab'}>
      <button
        type="button"
        id={terminalTabElementId(tab.id)}
        aria-current={active || undefined}
        title={t('tabTitle', { service: tab.service, stack: tab.stack })}
        onClick={() => showDockTab({ kind: 'terminal', id: tab.id })}
        data-testid={`dock-tab-${tab.id}`}
      >
        {tab.service} <span className="muted">({tab.stack})</span>
        {how && <span className="muted mono"> {how}</span>}
        {tab.status !== 'running' && <span className="muted"> · {t(`status_${tab.status}`)}</span>}
      </button>
      <button type="button" className="close" title={t('closeTab')} aria-label={t('closeTab')} onClick={() => closeTerminal(tab.id)} data-testid={`dock-close-${tab.id}`}>
        ×
      </button>
    </div>
  );
}
