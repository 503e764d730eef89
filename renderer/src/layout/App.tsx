import { useEffect } from 'react';
import { CapturesView } from '../captures/CapturesView.tsx';
import { inDesktopApp } from '../api/connection.ts';
import { EnvironmentDialogHost } from '../environments/EnvironmentDialog.tsx';
import { KeyboardLayer } from '../keyboard/KeyboardLayer.tsx';
import { startLogsFeed } from '../logs/logsFeed.ts';
import { LanguagePicker } from '../i18n/LanguagePicker.tsx';
import { useDocumentLanguage, useT } from '../i18n/useT.ts';
import { NotificationsToggle } from '../notify/NotificationsToggle.tsx';
import { keepAttentionTitle } from '../notify/attentionTitle.ts';
import { watchShellEvents } from '../notify/watchShellEvents.ts';
import { StackList } from '../stacks/StackList.tsx';
import { StackView } from '../stacks/StackView.tsx';
import { TemplatesView } from '../templates/TemplatesView.tsx';
import { ThemePicker } from '../theme/ThemePicker.tsx';
import { useDocumentTheme } from '../theme/useDocumentTheme.ts';
import { TerminalOpenDialogHost } from '../terminals/TerminalOpenDialog.tsx';
import { watchStacks } from '../stacks/watchStacks.ts';
import { useApp } from '../store/appStore.ts';
import { Banner } from './Banner.tsx';
import { Dock } from './Dock.tsx';

/** Streams that follow the connection: opened again whenever the client changes (reconnect). */
function useLiveStreams(): void {
  const client = useApp((s) => s.client);
  const logsKey = useApp((s) => s.logs?.key);
  useEffect(() => (client ? watchStacks(client) : undefined), [client]);
  useEffect(() => (client && inDesktopApp ? watchShellEvents(client) : undefined), [client]);
  useEffect(() => keepAttentionTitle(), []);
  useEffect(() => {
    const view = useApp.getState().logs;
    return client && view ? startLogsFeed(client, view) : undefined;
  }, [client, logsKey]);
}

export function App() {
  useLiveStreams();
  useDocumentLanguage();
  useDocumentTheme();
  const t = useT('layout');
  const view = useApp((s) => s.view);
  const showView = useApp((s) => s.showView);
  return (
    <div className="app" data-testid="app">
      <Banner />
      <div className="body">
        <aside className="sidebar">
          <div className="brand">Branchyard</div>
          <NewEnvironmentButton />
          <nav className="nav">
            <button type="button" className={view === 'stacks' ? 'active' : ''} aria-current={view === 'stacks' ? 'page' : undefined} onClick={() => showView('stacks')} data-testid="nav-stacks">
              {t('stacks')}
            </button>
            <button type="button" className={view === 'captures' ? 'active' : ''} aria-current={view === 'captures' ? 'page' : undefined} onClick={() => showView('captures')} data-testid="nav-captures">
              {t('captures')}
            </button>
            <button type="button" className={view === 'templates' ? 'active' : ''} aria-current={view === 'templates' ? 'page' : undefined} onClick={() => showView('templates')} data-testid="nav-templates">
              {t('templates')}
            </button>
          </nav>
          <StackList />
          <NotificationsToggle />
          <LanguagePicker />
          <ThemePicker />
        </aside>
        <main className="main">
          <section className="content">{view === 'captures' ? <CapturesView /> : view === 'templates' ? <TemplatesView /> : <StackView />}</section>
          <Dock />
        </main>
      </div>
      <EnvironmentDialogHost />
      <TerminalOpenDialogHost />
      <KeyboardLayer />
    </div>
  );
}

function NewEnvironmentButton() {
  const client = useApp((s) => s.client);
  const open = useApp((s) => s.openEnvironmentDialog);
  const t = useT('layout');
  return (
    <div className="new-environment">
      <button type="button" className="primary" disabled={!client} onClick={() => open({ mode: 'new' })} data-testid="new-environment">
        {t('newEnvironment')}
      </button>
    </div>
  );
}
