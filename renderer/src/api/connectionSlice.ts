import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { Said } from '../i18n/said.ts';
import type { Slice } from '../store/appStore.ts';

/**
 * open: a client is ready; connecting: the first attempt; lost: the transport dropped, retrying;
 * refused: the server answers but no longer takes this page's token (it was restarted with a new
 * one), retrying in case the page gets the new one (the new address opened in another tab).
 */
export type LinkState = 'connecting' | 'open' | 'lost' | 'refused';

export interface ConnectionSlice {
  /** Null while there is no transport; views subscribe again when it changes. */
  client: BranchyardClient | null;
  link: { state: LinkState; message?: Said };
  setConnection(client: BranchyardClient | null, link: ConnectionSlice['link']): void;
}

export const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  client: null,
  link: { state: 'connecting' },
  setConnection: (client, link) => set({ client, link }),
});
