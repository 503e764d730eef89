// In the Electron app the page asks its preload for a MessagePort to the engine (a window message
// with a fresh nonce) and waits for the grant; see shared/api/ipc.ts for who can post what to
// whom. Any other message, from a subframe or carrying another nonce, is ignored.

import { BranchyardError } from '../../../shared/errors/errors.ts';
import { grantedPort, portRequest } from '../../../shared/api/ipc.ts';

const GRANT_TIMEOUT_MS = 5000;

function freshNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function requestEnginePort(timeoutMs = GRANT_TIMEOUT_MS): Promise<MessagePort> {
  const nonce = freshNonce();
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
    const onMessage = (event: MessageEvent) => {
      const port = grantedPort(event, window, nonce);
      if (!port) return;
      cleanup();
      resolve(port);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new BranchyardError('engine-unreachable', 'the app gave this page no port to the engine (is it running in Branchyard\'s window?)'));
    }, timeoutMs);
    // Listening first, then asking: the grant cannot arrive before anyone listens. Posted to this
    // window itself, where the preload listens too; '*' because a file: page's origin cannot be
    // named as a target origin.
    window.addEventListener('message', onMessage);
    window.postMessage(portRequest(nonce), '*');
  });
}
