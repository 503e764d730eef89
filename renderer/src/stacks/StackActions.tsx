// Redeploy and teardown of the selected stack. Teardown asks first, captures logs and files into
// an archive before removing anything, and shows where the archive went (or why it failed).

import { useState } from 'react';
import type { StackStatus } from '../../../shared/stack/status.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';

type Result = { ok: boolean; text: string } | null;

export function Outcome({ outcome }: { outcome: Result }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? 'ok' : 'error'} data-testid="stack-outcome">
      {outcome.text}
    </p>
  );
}

export function StackActions({ stack }: { stack: StackStatus }) {
  const client = useApp((s) => s.client);
  const openLogs = useApp((s) => s.openLogs);
  const noteTeardown = useApp((s) => s.noteTeardown);
  const teardown = useApp((s) => s.teardowns[stack.name]);
  const [busy, setBusy] = useState<'redeploy' | 'down' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState('');
  const [outcome, setOutcome] = useState<Result>(null);

  const redeploy = async () => {
    if (!client) return;
    setBusy('redeploy');
    setOutcome(null);
    noteTeardown(stack.name, null);
    try {
      const r = await client.redeploy(
        { stack: stack.name },
        { onProgress: (e) => setProgress(`${e.service ? `[${e.service}] ` : ''}${e.message}`) },
      );
      const changed = r.commits.filter((c) => c.changed);
      setOutcome({
        ok: true,
        text: changed.length
          ? `redeployed: ${changed.map((c) => `${c.service} ${c.before?.slice(0, 8) ?? 'new'} → ${c.after.slice(0, 8)}`).join(', ')}`
          : 'nothing changed: no service runs an outdated commit',
      });
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(null);
      setProgress('');
    }
  };

  const tearDown = async () => {
    if (!client) return;
    setConfirming(false);
    setBusy('down');
    setOutcome(null);
    noteTeardown(stack.name, null);
    try {
      const r = await client.down(
        { stack: stack.name, capture: true },
        { onProgress: (e) => setProgress(`${e.service ? `[${e.service}] ` : ''}${e.message}`) },
      );
      noteTeardown(stack.name, {
        ok: !r.captureError,
        text: r.capture ? `removed; logs captured in ${r.capture.path}` : `removed${r.captureError ? `, but the capture failed: ${r.captureError}` : ''}`,
      });
    } catch (e) {
      noteTeardown(stack.name, { ok: false, text: errorMessage(e) });
    } finally {
      setBusy(null);
      setProgress('');
    }
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
        <button type="button" disabled={!client || busy !== null} onClick={redeploy} data-testid="stack-redeploy">
          {busy === 'redeploy' ? 'Redeploying…' : 'Redeploy'}
        </button>
        {!confirming ? (
          <button type="button" className="danger" disabled={!client || busy !== null} onClick={() => setConfirming(true)} data-testid="stack-down">
            {busy === 'down' ? 'Tearing down…' : 'Tear down'}
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
      </div>
      {busy && progress && <p className="muted mono">{progress}</p>}
      <Outcome outcome={outcome ?? teardown ?? null} />
    </div>
  );
}
