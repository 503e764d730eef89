// The teardown's confirmation: what is removed, where the logs go (the capture folder, and the
// Captures screen), and whether the database volumes go too: off unless ticked, and it says so.

import { useEffect, useState } from 'react';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { useEscapeKey } from '../keyboard/useModalKeys.ts';
import { useApp } from '../store/appStore.ts';

export function TeardownConfirm({ stack, onConfirm, onCancel }: { stack: StackStatus; onConfirm(volumes: boolean): void; onCancel(): void }) {
  const client = useApp((s) => s.client);
  const [volumes, setVolumes] = useState(false);
  useEscapeKey(onCancel);
  const [captureDir, setCaptureDir] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    client?.getSettings({}).then(
      (s) => current && setCaptureDir(s.captureDir),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client]);
  const n = stack.services.length;
  return (
    <div className="confirm-box" role="group" aria-label={`Tear down ${stack.name}`} data-testid="stack-down-confirm-box">
      <p>
        Tear down <strong>{stack.name}</strong>? Its {n} container{n === 1 ? '' : 's'}
        {stack.networks ? ` and networks ${stack.networks.join(', ')}` : stack.network ? ` and network ${stack.network}` : ''} are stopped and removed.
      </p>
      <p>
        Logs, inspect documents and captured files go into one archive first, in{' '}
        <span className="mono" data-testid="stack-down-capture-dir">
          {captureDir ? `${captureDir}/${stack.name}/` : 'the capture folder'}
        </span>
        ; the Captures screen lists it.
      </p>
      <label className="check">
        <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} data-testid="stack-down-volumes" />
        Also remove its named volumes (database data)
      </label>
      <p className="muted">{volumes ? 'The volumes are removed: the data is gone for good.' : 'Off: the volumes are kept, and the next up of this stack finds its data again.'}</p>
      <div className="toolbar">
        <button type="button" className="danger" onClick={() => onConfirm(volumes)} data-testid="stack-down-confirm">
          Tear down
        </button>
        <button type="button" onClick={onCancel} autoFocus data-testid="stack-down-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
