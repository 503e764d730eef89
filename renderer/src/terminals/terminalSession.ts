// One exec session shown in an xterm.js screen. Output is acknowledged only once xterm.js has
// drawn it (write callback), so a flood such as `yes` pauses the exec engine-side instead of
// piling up in the page, and Ctrl-C gets through at once. Keys typed before the session started
// are kept and sent in order once it has.

import type { Terminal } from '@xterm/xterm';
import type { BranchyardClient, Subscription } from '../../../shared/api/client.ts';
import type { TerminalParams } from '../../../shared/api/terminal.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { tNow } from '../i18n/useT.ts';

export interface SessionEvents {
  started(container: string): void;
  ended(): void;
}

export interface TerminalSession {
  send(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  dispose(): void;
}

/** A line in the screen from the app, not the container: dim, or red for errors. */
export function writeNote(term: Terminal, text: string, error = false): void {
  term.write(`\r\n\x1b[${error ? '31' : '2'}m${text}\x1b[0m\r\n`);
}

export function openSession(client: BranchyardClient, term: Terminal, params: TerminalParams, events: SessionEvents): TerminalSession {
  let session: string | undefined;
  let disposed = false;
  const pending: Uint8Array[] = [];
  const send = (data: Uint8Array) => {
    if (disposed) return;
    if (!session) {
      pending.push(data);
      return;
    }
    client.terminalInput({ session, data }).catch((e) => writeNote(term, tNow('terminals')('inputLost', { error: errorMessage(e) }), true));
  };
  const sub: Subscription = client.subscribe('terminal', params, {
    next(e) {
      if (e.type === 'data') {
        const bytes = e.data.byteLength;
        term.write(e.data, () => sub.ack(bytes));
      } else if (e.type === 'started') {
        session = e.session;
        events.started(e.container);
        for (const data of pending.splice(0)) send(data);
        // The panel may have changed size while the exec was being created.
        client.terminalResize({ session, cols: term.cols, rows: term.rows }).catch(() => {});
      } else {
        const t = tNow('terminals');
        writeNote(term, e.code === null ? t('exited') : t('exitedWithCode', { code: e.code }));
      }
    },
    error(err) {
      writeNote(term, errorMessage(err), true);
    },
    end() {
      session = undefined;
      if (!disposed) events.ended();
    },
  }, { manualAck: true });
  return {
    send,
    resize(cols, rows) {
      if (session) client.terminalResize({ session, cols, rows }).catch(() => {});
    },
    dispose() {
      disposed = true;
      sub.dispose();
    },
  };
}
