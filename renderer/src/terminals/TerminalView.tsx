// One interactive shell in a service's container. Output is acknowledged only once xterm.js has
// drawn it (write callback), so a flood such as `yes` pauses the exec engine-side instead of
// piling up in the page, and Ctrl-C gets through at once. The exec ends when the tab closes.

import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import type { Subscription } from '../../../shared/api/client.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';
import { followTerminalTheme, terminalTheme } from '../theme/terminalTheme.ts';
import { fittingSize } from './terminalSize.ts';
import type { TerminalTab } from './terminalsSlice.ts';

export function TerminalView({ tab, active }: { tab: TerminalTab; active: boolean }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    // The session belongs to the client of the moment: when the transport drops, the engine ends
    // the exec, and the tab says so rather than silently starting a new shell.
    const client = useApp.getState().client;
    const setStatus = useApp.getState().setTerminalStatus;
    if (!host) return;
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Menlo", "Consolas", monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: terminalTheme(),
    });
    termRef.current = term;
    term.open(host);
    const size = fittingSize(term, host) ?? { cols: 80, rows: 24 };
    term.resize(size.cols, size.rows);
    const note = (text: string, error = false) => term.write(`\r\n\x1b[${error ? '31' : '2'}m${text}\x1b[0m\r\n`);
    if (!client) {
      note('not connected to the engine', true);
      setStatus(tab.id, 'ended');
      return () => term.dispose();
    }

    let session: string | undefined;
    let sub: Subscription | undefined;
    const pending: Uint8Array[] = [];
    const encoder = new TextEncoder();
    const send = (data: Uint8Array) => {
      if (!session) {
        pending.push(data);
        return;
      }
      client.terminalInput({ session, data }).catch((e) => note(`input lost: ${errorMessage(e)}`, true));
    };
    const onData = term.onData((d) => send(encoder.encode(d)));
    // Mouse reports in some modes are bytes, not text: one char code per byte.
    const onBinary = term.onBinary((d) => send(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff)));

    const resize = () => {
      const next = fittingSize(term, host);
      if (!next || (next.cols === term.cols && next.rows === term.rows)) return;
      term.resize(next.cols, next.rows);
      if (session) client.terminalResize({ session, cols: next.cols, rows: next.rows }).catch(() => {});
    };
    let frame: number | undefined;
    const observer = new ResizeObserver(() => {
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        resize();
      });
    });
    observer.observe(host);

    sub = client.subscribe(
      'terminal',
      { stack: tab.stack, service: tab.service, cols: term.cols, rows: term.rows },
      {
        next(e) {
          if (e.type === 'data') {
            const bytes = e.data.byteLength;
            term.write(e.data, () => sub?.ack(bytes));
          } else if (e.type === 'started') {
            session = e.session;
            setStatus(tab.id, 'running');
            for (const data of pending.splice(0)) send(data);
            // The panel may have changed size while the exec was being created.
            client.terminalResize({ session, cols: term.cols, rows: term.rows }).catch(() => {});
          } else {
            note(`[process exited${e.code === null ? '' : ` with code ${e.code}`}]`);
          }
        },
        error(err) {
          note(errorMessage(err), true);
        },
        end() {
          session = undefined;
          setStatus(tab.id, 'ended');
        },
      },
      { manualAck: true },
    );

    return () => {
      observer.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
      onData.dispose();
      onBinary.dispose();
      sub?.dispose();
      term.dispose();
      termRef.current = null;
    };
  }, [tab.id, tab.stack, tab.service]);

  useEffect(() => followTerminalTheme((theme) => termRef.current && (termRef.current.options.theme = theme)), []);

  useEffect(() => {
    if (active) termRef.current?.focus();
  }, [active]);

  return <div className="terminal-host" hidden={!active} ref={hostRef} data-testid={`terminal-${tab.id}`} data-service={tab.service} />;
}
