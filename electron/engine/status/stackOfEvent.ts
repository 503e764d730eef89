// Which stack an engine event touches, if any. Container events carry the container's labels as
// attributes. Network create/destroy events carry the network's name only: a stack's network is
// `<stack>_default` (see networks/stackNetwork.ts), which matters for a stack with no container.

import type { EngineEvent } from '../docker/eventLines.ts';

const NETWORK_ACTIONS = new Set(['create', 'destroy']);

export function stackOfEvent(e: EngineEvent, stackLabel: string): string | undefined {
  const attrs = e.Actor?.Attributes ?? {};
  if (e.Type === 'container') return attrs[stackLabel] || undefined;
  if (e.Type === 'network' && e.Action && NETWORK_ACTIONS.has(e.Action)) {
    const m = /^(.+)_default$/.exec(attrs.name ?? '');
    return m?.[1];
  }
  return undefined;
}
