// One terminal tab's panel: the xterm.js screen (fit, search, web-links and WebGL addons, the DOM
// renderer where WebGL is unavailable or lost), its search bar, its context menu, copy and paste
// by keyboard, and the offer to reconnect when the service's container was replaced. The screen
// lives as long as the tab; a reconnect opens a new session in the same screen, so the old
// output stays above it. The exec ends when the tab closes.

import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { useCommand } from '../keyboard/commands.ts';
import { terminalShortcut } from '../keyboard/shortcuts.ts';
import { useT, tNow } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { followTerminalTheme, terminalTheme } from '../theme/terminalTheme.ts';
import { clipboardError, copySelection, pasteInto } from './clipboard.ts';
import { problemText, terminalParamsOf } from './openOptions.ts';
import { ReconnectBar } from './ReconnectBar.tsx';
import { TerminalMenu, type MenuPlace } from './TerminalMenu.tsx';
import { TerminalSearch } from './TerminalSearch.tsx';
import { type TerminalSession, openSession, writeNote } from './terminalSession.ts';
import { type TerminalTab, replacementContainer } from './terminalsSlice.ts';
import { type RendererState, loadWebglRenderer } from './webglRenderer.ts';
import './terminals.css';

/** What the panel's parts need of one screen. */
export interface Screen {
  term: Terminal;
  search: SearchAddon;
}

/** Where focus goes when it leaves a terminal: the terminal's own tab in the dock. */
export const terminalTabElementId = (id: string) => `terminal-tab-${id}`;

export function TerminalView({ tab, active }: { tab: TerminalTab; active: boolean }) {
  const t = useT('terminals');
  const hostRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<TerminalSession | null>(null);
  const [screen, setScreen] = useState<Screen | null>(null);
  const [renderer, setRenderer] = useState<RendererState | null>(null);
  const [searching, setSearching] = useState(false);
  const [menu, setMenu] = useState<MenuPlace | null>(null);
  const [flash, setFlash] = useState<{ text: string; error: boolean } | null>(null);
  const services = useApp((s) => s.stacks.find((x) => x.name === tab.stack)?.services);
  const replaced = replacementContainer(tab, services);
  // The search shortcut (/) opens this bar while this terminal is the one shown.
  useCommand('terminalSearch', () => setSearching(true), active);

  // The screen: made once per tab.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Menlo", "Consolas", monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: terminalTheme(),
      // The search addon highlights every match with decorations, still a proposed API.
      allowProposedApi: true,
      // Rows mirrored as text for screen readers (the WebGL renderer draws on a canvas); it takes
      // no pointer events, so selecting with the mouse is xterm.js's own selection.
      screenReaderMode: true,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    term.open(host);
    const webgl = loadWebglRenderer(term, setRenderer);
    const tell = (text: string, error = false) => setFlash({ text, error });
    term.attachCustomKeyEventHandler((e) => {
      const action = terminalShortcut(e, term.hasSelection());
      if (!action) return true;
      // Every phase of the key is the terminal's own (keypress too, or the shell gets a ^C).
      e.preventDefault();
      if (e.type !== 'keydown') return false;
      if (action === 'copy') {
        copySelection(term).then(
          (n) => {
            term.clearSelection();
            if (n > 0) tell(tNow('terminals')('copiedNote', { count: n }));
          },
          (err) => tell(tNow('terminals')('clipboardRefused', { error: clipboardError(err) }), true),
        );
      } else if (action === 'paste') {
        pasteInto(term).catch((err) => tell(tNow('terminals')('clipboardRefused', { error: clipboardError(err) }), true));
      } else if (action === 'search') {
        setSearching(true);
      } else {
        term.blur();
        document.getElementById(terminalTabElementId(tab.id))?.focus();
      }
      return false;
    });
    const onData = term.onData((d) => sessionRef.current?.send(new TextEncoder().encode(d)));
    // Mouse reports in some modes are bytes, not text: one char code per byte.
    const onBinary = term.onBinary((d) => sessionRef.current?.send(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff)));

    // The fit addon measures the host; a hidden tab (zero size) keeps its size until shown.
    const resize = () => {
      if (host.clientWidth === 0 || host.clientHeight === 0) return;
      const next = fit.proposeDimensions();
      if (!next || !Number.isFinite(next.cols) || !Number.isFinite(next.rows)) return;
      if (next.cols === term.cols && next.rows === term.rows) return;
      term.resize(Math.max(2, next.cols), Math.max(1, next.rows));
      sessionRef.current?.resize(term.cols, term.rows);
    };
    resize();
    let frame: number | undefined;
    const observer = new ResizeObserver(() => {
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        resize();
      });
    });
    observer.observe(host);
    setScreen({ term, search });
    return () => {
      observer.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
      onData.dispose();
      onBinary.dispose();
      webgl.dispose();
      term.dispose();
      setScreen(null);
    };
  }, [tab.id]);

  // The session: opened again by a reconnect (generation), in the same screen.
  useEffect(() => {
    if (!screen) return;
    const { term } = screen;
    const store = useApp.getState();
    const tr = tNow('terminals');
    // The session belongs to the client of the moment: when the transport drops, the engine ends
    // the exec, and the tab says so rather than silently starting a new shell.
    const client = store.client;
    if (tab.generation > 0) writeNote(term, tr('reconnected'));
    const checked = terminalParamsOf(tab.options);
    if (!client || 'problems' in checked) {
      writeNote(term, 'problems' in checked ? checked.problems.map((p) => problemText(tr, p)).join('; ') : tr('notConnected'), true);
      store.setTerminalStatus(tab.id, 'ended');
      return;
    }
    const session = openSession(client, term, { stack: tab.stack, service: tab.service, cols: term.cols, rows: term.rows, ...checked.params }, {
      started(container) {
        useApp.getState().setTerminalContainer(tab.id, container);
        useApp.getState().setTerminalStatus(tab.id, 'running');
      },
      ended() {
        useApp.getState().setTerminalStatus(tab.id, 'ended');
      },
    });
    sessionRef.current = session;
    return () => {
      sessionRef.current = null;
      session.dispose();
    };
  }, [screen, tab.id, tab.stack, tab.service, tab.options, tab.generation]);

  // The theme's background is also written on the host: the screen is a WebGL canvas, so this is
  // how a test (or a person in devtools) sees which palette the terminal was handed.
  useEffect(() => {
    if (!screen) return;
    const mark = (background?: string) => hostRef.current && (hostRef.current.dataset.themeBackground = background ?? '');
    mark(screen.term.options.theme?.background);
    return followTerminalTheme((theme) => {
      screen.term.options.theme = theme;
      mark(theme.background);
    });
  }, [screen]);

  useEffect(() => {
    if (active && !searching) screen?.term.focus();
  }, [active, screen, searching]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 2500);
    return () => clearTimeout(timer);
  }, [flash]);

  const closeSearch = () => {
    setSearching(false);
    screen?.term.focus();
  };

  return (
    <div className="terminal-panel" hidden={!active} data-testid={`terminal-panel-${tab.id}`}>
      {replaced && <ReconnectBar service={tab.service} onReconnect={() => useApp.getState().reconnectTerminal(tab.id)} />}
      {searching && screen && <TerminalSearch screen={screen} onClose={closeSearch} />}
      <div
        className="terminal-host"
        ref={hostRef}
        data-testid={`terminal-${tab.id}`}
        data-service={tab.service}
        data-renderer={renderer?.kind}
        onContextMenu={(e) => {
          e.preventDefault();
          const box = e.currentTarget.getBoundingClientRect();
          // The menu key and Shift+F10 give no pointer position: open at the screen's corner.
          const fromKeyboard = e.button !== 2 || (e.clientX === 0 && e.clientY === 0);
          setMenu({ x: fromKeyboard ? 16 : e.clientX - box.left, y: fromKeyboard ? 16 : e.clientY - box.top, hasSelection: Boolean(screen?.term.hasSelection()) });
        }}
      />
      {menu && screen && (
        <TerminalMenu
          place={menu}
          screen={screen}
          onSearch={() => setSearching(true)}
          onNote={(text, error) => setFlash({ text, error })}
          onClose={(refocus) => {
            setMenu(null);
            if (refocus) screen.term.focus();
          }}
        />
      )}
      {renderer?.kind === 'dom' && (
        <span className="terminal-renderer-note muted" data-testid="terminal-renderer-note">
          {renderer.why === 'lost' ? t('webglLost') : t('webglOff')}
        </span>
      )}
      {flash && (
        <span className={flash.error ? 'terminal-flash error' : 'terminal-flash'} role="status" data-testid="terminal-flash">
          {flash.text}
        </span>
      )}
    </div>
  );
}
