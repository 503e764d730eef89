// Redeploy and teardown of the selected stack. Teardown asks first, captures logs and files into
// an archive before removing anything, and shows where the archive went (or why it failed). While
// either runs, Cancel stops it engine-side (a teardown cancelled before its capture is safe
// removes nothing).

import { useState } from 'react';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { type Outcome as OutcomeValue, useOperation } from '../api/useOperation.ts';
import { notifyTeardown } from '../notify/notify.ts';
import { askForNotifications } from '../notify/permission.ts';
import { useApp } from '../store/appStore.ts';

export function Outcome({ outcome }: { outcome: OutcomeValue | null }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? 'ok' : outcome.cancelled ? 'muted' : 'error'} data-testid="stack-outcome">
      {outcome.text}
    </p>
  );
}

export function StackActions({ stack }: { stack: StackStatus }) {
  const client = useApp((s) => s.client);
  const openLogs = useApp((s) => s.openLogs);
  const noteTeardown = useApp((s) => s.noteTeardown);
  const teardown = useApp((s) => s.teardowns[stack.name]);
  const op = useOperation<'redeploy' | 'down'>();
  const [confirming, setConfirming] = useState(false);

  const redeploy = () => {
    if (!client) return;
    noteTeardown(stack.name, null);
    void op.run('redeploy', async (options) => {
      const r = await client.redeploy({ stack: stack.name }, options);
      const changed = r.commits.filter((c) => c.changed);
      return {
        ok: true,
        text: changed.length
          ? `redeployed: ${changed.map((c) => `${c.service} ${c.before?.slice(0, 8) ?? 'new'} → ${c.after.slice(0, 8)}`).join(', ')}`
          : 'nothing changed: no service runs an outdated commit',
      };
    });
  };

  const tearDown = async () => {
    if (!client) return;
    setConfirming(false);
    noteTeardown(stack.name, null);
    // A teardown takes a while: the moment to ask whether its end may be announced.
    void askForNotifications();
    let archive: string | undefined;
    const outcome = await op.run('down', async (options) => {
      const r = await client.down({ stack: stack.name, capture: true }, options);
      archive = r.capture?.path;
      return {
        ok: !r.captureError,
        text: r.capture ? `removed; logs captured in ${r.capture.path}` : `removed${r.captureError ? `, but the capture failed: ${r.captureError}` : ''}`,
      };
    });
    // Kept in the store: the stack view shows it after the stack is gone from the list.
    noteTeardown(stack.name, outcome);
    notifyTeardown(stack.name, outcome, archive);
  };

  return (
    <div className="stack-actions">
      <div className="toolbar">
        <button
          type="button"
          onClick={() => openLogs({ kind: 'live', stack: stack.name }, { follow: true, title: stack.name })}
          data-testid="stack-logs"
        >
          Logs
        </button>
        <button type="button" disabled={!client || op.busy !== null} onClick={redeploy} data-testid="stack-redeploy">
          {op.busy === 'redeploy' ? 'Redeploying…' : 'Redeploy'}
        </button>
        {!confirming ? (
          <button type="button" className="danger" disabled={!client || op.busy !== null} onClick={() => setConfirming(true)} data-testid="stack-down">
            {op.busy === 'down' ? 'Tearing down…' : 'Tear down'}
          </button>
        ) : (
          <span className="confirm" data-testid="stack-down-confirm-box">
            Tear down {stack.name}? Logs are captured first.
            <button type="button" className="danger" onClick={tearDown} data-testid="stack-down-confirm">
              Tear down
            </button>
            <button type="button" onClick={() => setConfirming(false)} data-testid="stack-down-cancel">
              Cancel
            </button>
          </span>
        )}
        {op.busy && (
          <button type="button" onClick={op.cancel} data-testid="operation-cancel">
            Cancel {op.busy === 'down' ? 'teardown' : 'redeploy'}
          </button>
        )}
      </div>
      {op.busy && op.progress && <p className="muted mono" data-testid="operation-progress">{op.progress}</p>}
      <Outcome outcome={op.outcome ?? teardown ?? null} />
    </div>
  );
}
