// The app's shortcuts (see shortcuts.ts) and the help overlay they open. One keydown listener on
// the window: it does nothing while the user types (a field, a terminal), while a dialog is open
// (its own keys rule there), or for keys with Ctrl, Alt or Meta, which belong to the browser.

import { useEffect, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { runCommand } from './commands.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { type AppAction, appShortcut, isTyping } from './shortcuts.ts';
import './keyboard.css';

/** Runs an action; returns a reason when it could not (said briefly on screen). */
function perform(action: Exclude<AppAction, 'help'>): 'noStack' | null {
  const s = useApp.getState();
  const stack = s.view === 'stacks' ? s.selectedStack : null;
  const tab = s.dockTab;
  switch (action) {
    case 'newEnvironment':
      if (s.client) s.openEnvironmentDialog({ mode: 'new' });
      return null;
    case 'logs':
      if (!stack) return 'noStack';
      s.openLogs({ kind: 'live', stack }, { follow: true, title: stack });
      return null;
    case 'terminal': {
      const shown = tab?.kind === 'terminal' ? tab.id : undefined;
      if (shown) {
        focusTerminal(shown);
        return null;
      }
      if (stack) {
        s.openTerminal(stack);
        return null;
      }
      const any = s.terminals[s.terminals.length - 1];
      if (!any) return 'noStack';
      s.showDockTab({ kind: 'terminal', id: any.id });
      setTimeout(() => focusTerminal(any.id));
      return null;
    }
    case 'search':
      if (tab?.kind === 'terminal' && runCommand('terminalSearch')) return null;
      document.querySelector<HTMLInputElement>('[data-testid="log-search-input"]:not([hidden])')?.focus();
      return null;
    case 'teardown':
      return stack && runCommand('teardown') ? null : 'noStack';
  }
}

function focusTerminal(id: string): void {
  document.querySelector<HTMLTextAreaElement>(`[data-testid="terminal-${id}"] textarea`)?.focus();
}

export function KeyboardLayer() {
  const t = useT('keyboard');
  const [help, setHelp] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      const action = appShortcut(e, isTyping(e.target as HTMLElement | null));
      if (!action) return;
      e.preventDefault();
      if (action === 'help') {
        setHelp(true);
        return;
      }
      const why = perform(action);
      setNote(why ? t(why) : null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t]);

  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), 2500);
    return () => clearTimeout(timer);
  }, [note]);

  return (
    <>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {note && (
        <div className="keyboard-note" role="status" data-testid="keyboard-note">
          {note}
        </div>
      )}
    </>
  );
}

