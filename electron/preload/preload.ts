// The preload: the renderer's only way to the engine, and it hands the page one thing, a
// MessagePort. When the page asks (a window message with a nonce, see shared/api/ipc.ts), it makes
// a MessageChannel, sends one end to the main process on IPC_CHANNEL (which hands it on to the
// engine's utility process, where an engine host serves it) and gives the other end to the page's
// main world. Nothing is exposed through
// the context bridge: the page never gets ipcRenderer, nor any function that sends on a channel.
//
// Why a port and not the contract client behind the context bridge: the bridge copies what
// crosses it, so an AbortSignal could not cross (no cancel from the renderer) and an Error kept
// only its message. Over the port the page runs the same typed client as the browser mode, and
// cancel, progress and errors are plain protocol messages as in every other transport;
// structured clone carries Uint8Array as is.
//
// A reload runs this file again in the new page, which asks again; the main process then has the
// old page's host closed. It runs sandboxed (CommonJS, only `electron` may be required), in the top
// frame only (nodeIntegrationInSubFrames is off), and the main process accepts the port only from
// the top frame of the app's page.

import { ipcRenderer } from 'electron';
import { IPC_CHANNEL, portGrant, requestedNonce } from '../../shared/api/ipc.ts';

window.addEventListener('message', (event) => {
  const nonce = requestedNonce(event, window);
  if (nonce === undefined) return;
  const { port1, port2 } = new MessageChannel();
  ipcRenderer.postMessage(IPC_CHANNEL, null, [port1]);
  // Posted to this window itself, so no other frame can receive it; '*' because a file: page's
  // origin cannot be named as a target origin. The page checks that the grant comes from itself.
  window.postMessage(portGrant(nonce), '*', [port2]);
});
