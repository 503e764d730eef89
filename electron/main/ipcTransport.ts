// The Electron transport, main-process side: one engine connection (host) per renderer
// (webContents), made on its first message. Messages are structured clones, so Uint8Array data
// travels as is. A window that closes, crashes or loads its page again ends every stream and
// call of its old page, so no follow stream or exec outlives the page that asked for it.

import { type IpcMainEvent, type WebContents, ipcMain } from 'electron';
import type { ClientMessage, HostPort } from '../../shared/api/protocol.ts';
import { IPC_CHANNEL } from '../../shared/api/ipc.ts';
import { type Handlers, type Host, serveConnection } from '../engine/api/host.ts';

interface Connection {
  host: Host;
  deliver(message: ClientMessage): void;
  /** Stops listening to the webContents (the host is closed separately). */
  detach(): void;
}

export interface IpcTransportOptions {
  /** Only pages at these URLs may drive the engine (the app's own page, not something it framed or navigated to). */
  isAppPage(url: string): boolean;
}

export function serveIpc(handlers: Handlers, o: IpcTransportOptions): { close(): void } {
  const connections = new Map<WebContents, Connection>();

  function end(sender: WebContents): void {
    const c = connections.get(sender);
    if (!c) return;
    connections.delete(sender);
    c.detach();
    c.host.close();
  }

  function open(sender: WebContents): Connection {
    let receive: ((m: ClientMessage) => void) | undefined;
    const port: HostPort = {
      send(message) {
        // Reply to the renderer that asked, and only while it exists.
        if (!sender.isDestroyed()) sender.send(IPC_CHANNEL, message);
      },
      onMessage(r) {
        receive = r;
        return () => {
          if (receive === r) receive = undefined;
        };
      },
    };
    const host = serveConnection(handlers, port);
    const destroyed = () => end(sender);
    // A reload gives the page a fresh client whose ids start at 1 again: the old page's streams
    // must end before its first message, which did-start-navigation fires ahead of.
    const navigating = (details: { isMainFrame: boolean; isSameDocument: boolean; url: string }) => {
      if (details.isMainFrame && !details.isSameDocument && o.isAppPage(details.url)) end(sender);
    };
    const gone = () => end(sender);
    sender.once('destroyed', destroyed);
    sender.on('did-start-navigation', navigating);
    sender.on('render-process-gone', gone);
    return {
      host,
      deliver: (m) => receive?.(m),
      detach() {
        sender.off('destroyed', destroyed);
        sender.off('did-start-navigation', navigating);
        sender.off('render-process-gone', gone);
      },
    };
  }

  const listener = (event: IpcMainEvent, message: unknown) => {
    // Only the top frame of the app's page speaks for the window; a subframe never does. (A
    // frame that is gone by now has senderFrame null.)
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !o.isAppPage(frame.url)) return;
    let c = connections.get(event.sender);
    if (!c) {
      c = open(event.sender);
      connections.set(event.sender, c);
    }
    c.deliver(message as ClientMessage);
  };
  ipcMain.on(IPC_CHANNEL, listener);

  return {
    close() {
      ipcMain.off(IPC_CHANNEL, listener);
      for (const sender of [...connections.keys()]) end(sender);
    },
  };
}
