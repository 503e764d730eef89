// Desktop app: what the shell asks of the page, on the contract's `shellEvents` stream: a clicked
// notification opens its stack (the shell has focused the window already), a menu item shows a
// view or opens the New environment dialog. Subscribed again with every new client, like the other live streams.

import type { BranchyardClient } from '../../../shared/api/client.ts';
import { useApp } from '../store/appStore.ts';

export function watchShellEvents(client: BranchyardClient): () => void {
  const sub = client.subscribe(
    'shellEvents',
    {},
    {
      next(e) {
        const { selectStack, showView, openEnvironmentDialog } = useApp.getState();
        if (e.type === 'open-stack') selectStack(e.stack);
        else if (e.type === 'show-view') showView(e.view);
        else if (e.type === 'new-environment') openEnvironmentDialog({ mode: 'new' });
      },
    },
  );
  return () => sub.dispose();
}
