// The WebGL renderer draws many times faster than xterm.js's DOM renderer (xterm.js 6 has no
// canvas renderer any more: the DOM one is its fallback). WebGL is tried first; where it cannot
// start (no WebGL2: old GPU drivers, remote desktops, a GPU blocklist) or its context is lost
// later (GPU reset, driver update, too many contexts), the addon is dropped and xterm.js draws
// with the DOM again, keeping the screen and scrollback.

import type { IDisposable, Terminal } from '@xterm/xterm';
import { WebglAddon } from '@xterm/addon-webgl';

export type RendererState = { kind: 'webgl' } | { kind: 'dom'; why: 'unavailable' | 'lost' };

/** Loads WebGL into an opened terminal, or leaves the DOM renderer; `changed` hears each switch. */
export function loadWebglRenderer(term: Terminal, changed: (state: RendererState) => void): IDisposable {
  let addon: WebglAddon | undefined;
  try {
    addon = new WebglAddon();
    const loaded = addon;
    loaded.onContextLoss(() => {
      loaded.dispose();
      if (addon === loaded) addon = undefined;
      changed({ kind: 'dom', why: 'lost' });
    });
    term.loadAddon(loaded);
    changed({ kind: 'webgl' });
  } catch {
    addon?.dispose();
    addon = undefined;
    changed({ kind: 'dom', why: 'unavailable' });
  }
  return { dispose: () => addon?.dispose() };
}
