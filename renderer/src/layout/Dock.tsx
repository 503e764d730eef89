// The lower half of the window: the log view and the open terminals as tabs. Every tab stays
// mounted while hidden, so a terminal keeps its session and screen and the log view its lines.

import { LogsPanel } from '../logs/LogsPanel.tsx';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { TerminalTabButton } from '../terminals/TerminalTabButton.tsx';
import { TerminalView } from '../terminals/TerminalView.tsx';

export function Dock() {
  const tl = useT('layout');
  // Only the title: the log view itself changes every frame while lines pour in.
  const logsTitle = useApp((s) => s.logs?.title);
  const terminals = useApp((s) => s.terminals);
  const tab = useApp((s) => s.dockTab);
  const { showDockTab, closeLogs } = useApp.getState();
  const tt = useT('theme');
  if (logsTitle === undefined && terminals.length === 0) return null;
  const isTerminal = (id: string) => tab?.kind === 'terminal' && tab.id === id;
  return (
    <section className="dock" data-testid="dock">
      {/* A group of buttons, not an ARIA tablist: each tab has its own close button beside it, which a tablist may not hold. */}
      <div className="tabs" role="group" aria-label={tt('dockTabs')}>
        {logsTitle !== undefined && (
          <div className={tab?.kind === 'logs' ? 'tab active' : 'tab'}>
            <button type="button" aria-current={tab?.kind === 'logs' || undefined} onClick={() => showDockTab({ kind: 'logs' })} data-testid="dock-tab-logs">
              {tl('logsTab', { title: logsTitle })}
            </button>
            <button type="button" className="close" title={tl('closeLogs')} aria-label={tl('closeLogs')} onClick={closeLogs} data-testid="dock-close-logs">
              ×
            </button>
          </div>
        )}
        {terminals.map((t) => (
          <TerminalTabButton key={t.id} tab={t} active={isTerminal(t.id)} />
        ))}
      </div>
      <div className="dock-body">
        <LogsPanel hidden={tab?.kind !== 'logs'} />
        {terminals.map((t) => (
          <TerminalView key={t.id} tab={t} active={isTerminal(t.id)} />
        ))}
      </div>
    </section>
  );
}
