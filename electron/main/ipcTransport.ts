// The Electron transport, main-process side. A window's preload sends one MessagePort on
// IPC_CHANNEL; this hands it on to the engine process (engineProcess.ts), which serves one engine
// host on it for as long as that page lives. Protocol messages then travel on the port, page to
// engine process, not on IPC channels and not through this process: structured clones, so
// Uint8Array data travels as is, and cancel and errors cross as in every other transport.
//
// One page, one host: a window that closes, crashes, loads its page again or sends a new port
// ends every stream and call of its old host, so no follow stream or exec outlives the page that
// asked for it.

import { type IpcMainEvent, type MessagePortMain, type WebContents, ipcMain } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/ipc.ts';
import type { EngineLink } from './engineProcess.ts';

/** Where pages' ports go: the engine process. */
export interface EngineConnector {
  connect(port: MessagePortMain): EngineLink;
}

interface Connection {
  link: EngineLink;
  /** Stops listening to the webContents (the host is closed separately). */
  detach(): void;
}

export interface IpcTransportOptions {
  /** Only pages at these URLs may drive the engine (the app's own page, not something it framed or navigated to). */
  isAppPage(url: string): boolean;
}

export function serveIpc(engine: EngineConnector, o: IpcTransportOptions): { close(): void } {
  const connections = new Map<WebContents, Connection>();

  /** Ends the window's connection (only `which`, when given: a newer one stays). */
  function end(sender: WebContents, which?: Connection): void {
    const c = connections.get(sender);
    if (!c || (which && c !== which)) return;
    connections.delete(sender);
    c.detach();
    c.link.close();
  }

  function open(sender: WebContents, port: MessagePortMain): Connection {
    const link = engine.connect(port);
    const destroyed = () => end(sender);
    // The old page's streams end as soon as it navigates away: its port's close event may come
    // later (and electron/electron#31457 saw it not come at all).
    const navigating = (details: { isMainFrame: boolean; isSameDocument: boolean; url: string }) => {
      if (details.isMainFrame && !details.isSameDocument && o.isAppPage(details.url)) end(sender);
    };
    const gone = () => end(sender);
    sender.once('destroyed', destroyed);
    sender.on('did-start-navigation', navigating);
    sender.on('render-process-gone', gone);
    const c: Connection = {
      link,
      detach() {
        sender.off('destroyed', destroyed);
        sender.off('did-start-navigation', navigating);
        sender.off('render-process-gone', gone);
      },
    };
    link.onClose(() => end(sender, c));
    return c;
  }

  const listener = (event: IpcMainEvent) => {
    const ports = event.ports;
    // Only the top frame of the app's page speaks for the window; a subframe never does. (A
    // frame that is gone by now has senderFrame null.) A refused port is closed, not left open.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !o.isAppPage(frame.url) || ports.length !== 1) {
      for (const p of ports) p.close();
      return;
    }
    // A page that asks again (a reload) replaces its old connection.
    end(event.sender);
    connections.set(event.sender, open(event.sender, ports[0]));
  };
  ipcMain.on(IPC_CHANNEL, listener);

  return {
    close() {
      ipcMain.off(IPC_CHANNEL, listener);
      for (const sender of [...connections.keys()]) end(sender);
    },
  };
}
