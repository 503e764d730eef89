// The stack's toolbar: Logs, Start, Stop, Restart, Redeploy (only when something is built from
// source), Update (up again from its template: the environment dialog), and Tear down, which
// asks first (TeardownConfirm.tsx), captures logs and files into an archive before removing
// anything, and shows where the archive went (or why it failed). While an operation runs,
// Cancel stops it engine-side.

import { useState } from 'react';
import { type StackStatus, completedOneShots } from '../../../shared/stack/status.ts';
import type { Operation, Outcome as OutcomeValue } from '../api/useOperation.ts';
import { UpdateButton } from '../environments/LaunchBanner.tsx';
import { useCommand } from '../keyboard/commands.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { type ControlKind, busyWords } from './stackControl.ts';
import { TeardownConfirm } from './TeardownConfirm.tsx';

export function Outcome({ outcome }: { outcome: OutcomeValue | null }) {
  const lang = useLanguage();
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? 'ok' : outcome.cancelled ? 'muted' : 'error'} data-testid="stack-outcome">
      {outcome.text(lang)}
    </p>
  );
}

export function StackActions({
  stack,
  op,
  run,
  tearDown,
}: {
  stack: StackStatus;
  op: Operation<string>;
  run(kind: Exclude<ControlKind, 'down'>): void;
  tearDown(volumes: boolean): void;
}) {
  const t = useT('stacks');
  const tc = useT('common');
  const client = useApp((s) => s.client);
  const openLogs = useApp((s) => s.openLogs);
  const teardown = useApp((s) => s.teardowns[stack.name]);
  const [confirming, setConfirming] = useState(false);
  const idle = Boolean(client) && op.busy === null;
  // Shift+D (keyboard/shortcuts.ts) asks, as the button does.
  useCommand('teardown', () => setConfirming(true), idle);
  const anyUp = stack.services.some((s) => s.state === 'running' || s.state === 'restarting' || s.state === 'paused');
  // A one-shot that completed needs no start.
  const done = completedOneShots(stack.services);
  const allUp = stack.services.length > 0 && stack.services.every((s) => s.state === 'running' || done.has(s.name));
  const built = stack.services.some((s) => s.commit);
  const button = (kind: Exclude<ControlKind, 'down'>, label: string, enabled: boolean, title: string) => (
    <button type="button" disabled={!idle || !enabled} title={title} onClick={() => run(kind)} data-testid={`stack-${kind}`}>
      {op.busy === kind ? busyWords(t, kind) : label}
    </button>
  );

  return (
    <div className="stack-actions">
      <div className="toolbar" role="toolbar" aria-label={t('toolbar', { name: stack.name })} data-testid="stack-toolbar">
        <button type="button" onClick={() => openLogs({ kind: 'live', stack: stack.name }, { follow: true, title: stack.name })} data-testid="stack-logs">
          {t('logs')}
        </button>
        {button('start', t('start'), !allUp, t('stackStartTitle'))}
        {button('stop', t('stop'), anyUp, t('stackStopTitle'))}
        {button('restart', t('restart'), stack.services.length > 0, t('stackRestartTitle'))}
        {built && button('redeploy', t('redeploy'), true, t('stackRedeployTitle'))}
        <UpdateButton stack={stack.name} disabled={!idle} />
        <span className="spacer" />
        <button type="button" className="danger" disabled={!idle || confirming} onClick={() => setConfirming(true)} data-testid="stack-down">
          {op.busy === 'down' ? busyWords(t, 'down') : t('tearDown')}
        </button>
        {op.busy && (
          <button type="button" onClick={op.cancel} data-testid="operation-cancel">
            {tc('cancel')}
          </button>
        )}
      </div>
      {confirming && (
        <TeardownConfirm
          stack={stack}
          onCancel={() => setConfirming(false)}
          onConfirm={(volumes) => {
            setConfirming(false);
            tearDown(volumes);
          }}
        />
      )}
      {op.busy && op.progress && (
        <p className="muted mono" data-testid="operation-progress">
          {t('progress', { busy: busyWords(t, op.busy), progress: op.progress })}
        </p>
      )}
      <Outcome outcome={op.outcome ?? teardown ?? null} />
    </div>
  );
}
