// The teardown's confirmation: what is removed, where the logs go (the capture folder, and the
// Captures screen), and whether the database volumes go too: off unless ticked, and it says so.

import { useEffect, useState } from 'react';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { useEscapeKey } from '../keyboard/useModalKeys.ts';
import { useT } from '../i18n/useT.ts';
import { SLOT, Slotted } from '../layout/Slotted.tsx';
import { useApp } from '../store/appStore.ts';

export function TeardownConfirm({ stack, onConfirm, onCancel }: { stack: StackStatus; onConfirm(volumes: boolean): void; onCancel(): void }) {
  const t = useT('stacks');
  const tc = useT('common');
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
  const count = stack.services.length;
  // A stack of several networks names them all (external ones are not the stack's: they stay).
  const what = stack.networks
    ? t('teardownWhatNetworks', { name: SLOT, count, networks: stack.networks.join(t('listComma')) })
    : stack.network
      ? t('teardownWhatNetwork', { name: SLOT, count, network: stack.network })
      : t('teardownWhat', { name: SLOT, count });
  return (
    <div className="confirm-box" role="group" aria-label={t('teardownLabel', { name: stack.name })} data-testid="stack-down-confirm-box">
      <p>
        <Slotted text={what}>
          <strong>{stack.name}</strong>
        </Slotted>
      </p>
      <p>
        <Slotted text={t('teardownCapture', { dir: SLOT })}>
          <span className="mono" data-testid="stack-down-capture-dir">
            {captureDir ? `${captureDir}/${stack.name}/` : t('captureFolder')}
          </span>
        </Slotted>
      </p>
      <label className="check">
        <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} data-testid="stack-down-volumes" />
        {t('removeVolumes')}
      </label>
      <p className="muted" data-testid="stack-down-volumes-said" data-volumes={volumes}>
        {volumes ? t('volumesGone') : t('volumesKept')}
      </p>
      <div className="toolbar">
        <button type="button" className="danger" onClick={() => onConfirm(volumes)} data-testid="stack-down-confirm">
          {t('tearDown')}
        </button>
        <button type="button" onClick={onCancel} autoFocus data-testid="stack-down-cancel">
          {tc('cancel')}
        </button>
      </div>
    </div>
  );
}
