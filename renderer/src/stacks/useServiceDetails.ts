// The stack detail's per-service facts (ports, image, commit, start time, connection strings),
// asked for again whenever a container of the stack changes (another id or state in the live
// status), not on a timer.

import { useEffect, useState } from 'react';
import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { ServiceDetails } from '../../../shared/api/control.ts';
import type { StackStatus } from '../../../shared/stack/status.ts';

export function useServiceDetails(client: BranchyardClient | null, stack: StackStatus): Record<string, ServiceDetails> {
  const [details, setDetails] = useState<Record<string, ServiceDetails>>({});
  const key = stack.services.map((s) => `${s.containerId}:${s.state}`).join(',');
  useEffect(() => {
    if (!client || !key) return;
    const abort = new AbortController();
    client.serviceDetails({ stack: stack.name }, { signal: abort.signal }).then(
      (r) => !abort.signal.aborted && setDetails(Object.fromEntries(r.services.map((s) => [s.containerId, s]))),
      // Details are extras: the table still shows the live status without them.
      () => {},
    );
    return () => abort.abort();
  }, [client, stack.name, key]);
  return details;
}
