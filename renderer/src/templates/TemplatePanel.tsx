// One template: where its file is, what it makes (services, repository, branches used), its
// problems, and the file itself with each problem marked at its line and column. Remove asks
// first and says what it does not touch.

import { useEffect, useState } from 'react';
import type { TemplateDetail } from '../../../shared/api/templates.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useOperation } from '../api/useOperation.ts';
import { useEscapeKey } from '../keyboard/useModalKeys.ts';
import { Outcome } from '../stacks/StackActions.tsx';
import { useApp } from '../store/appStore.ts';
import { TemplateFile } from './TemplateFile.tsx';
import { Validity } from './Validity.tsx';
import { timeAgo } from './timeAgo.ts';

export function TemplatePanel({ id, onRemoved }: { id: string; onRemoved(): void }) {
  const client = useApp((s) => s.client);
  const openEnvironmentDialog = useApp((s) => s.openEnvironmentDialog);
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const op = useOperation<'remove'>();
  useEscapeKey(() => setConfirming(false), confirming);

  useEffect(() => {
    if (!client) return;
    let current = true;
    client.showTemplate({ id }).then(
      (d) => current && setDetail(d),
      (e) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [client, id]);

  const remove = async () => {
    if (!client) return;
    setConfirming(false);
    const r = await op.run('remove', async (options) => {
      await client.removeTemplate({ id }, options);
      return { ok: true, text: `template ${id} removed` };
    });
    if (r.ok) onRemoved();
  };

  if (error) return <p className="error" data-testid="template-error">{error}</p>;
  if (!detail) return <p className="muted">loading {id}…</p>;
  return (
    <section className="template-panel" data-testid="template-panel" aria-label={`template ${detail.id}`}>
      <header className="stack-head">
        <h2>{detail.name}</h2>
        <Validity valid={detail.valid} problems={detail.problems} />
        <dl>
          <dt>id</dt>
          <dd className="mono">{detail.id}</dd>
          <dt>services</dt>
          <dd data-testid="template-panel-services">{detail.services.join(', ') || '–'}</dd>
          <dt>repository</dt>
          <dd className="mono">{detail.git ?? '–'}</dd>
          <dt>last used</dt>
          <dd title={detail.lastUsed}>{detail.lastUsed ? timeAgo(detail.lastUsed) : 'never'}</dd>
          {detail.branchesUsed.length > 0 && (
            <>
              <dt>branches</dt>
              <dd>{detail.branchesUsed.slice(0, 5).join(', ')}{detail.branchesUsed.length > 5 ? ', …' : ''}</dd>
            </>
          )}
        </dl>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!client || !detail.valid}
          title={detail.valid ? undefined : 'fix the problems in the file first'}
          onClick={() => openEnvironmentDialog({ mode: 'new', template: detail.id })}
          data-testid="template-create-environment"
        >
          Create environment
        </button>
        {!confirming ? (
          <button type="button" className="danger" disabled={!client || op.busy !== null} onClick={() => setConfirming(true)} data-testid="template-remove">
            {op.busy ? 'Removing…' : 'Remove'}
          </button>
        ) : (
          <span className="confirm" data-testid="template-remove-confirm-box">
            Remove template {detail.id}? Its file is deleted; environments made from it keep running, but cannot be updated or redeployed without it.
            <button type="button" className="danger" onClick={remove} data-testid="template-remove-confirm">
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus data-testid="template-remove-cancel">
              Cancel
            </button>
          </span>
        )}
      </header>
      <p className="muted mono">{detail.file}</p>
      <Outcome outcome={op.outcome} />
      {detail.issues.length > 0 && (
        <p className="error" data-testid="template-problems">
          {detail.issues.length} problem{detail.issues.length === 1 ? '' : 's'}: an environment cannot be made from this template until {detail.issues.length === 1 ? 'it is' : 'they are'} fixed
          in its file.
        </p>
      )}
      {detail.warnings.map((w, n) => (
        <p key={n} className="warn">
          warning: {w}
        </p>
      ))}
      <TemplateFile content={detail.content} issues={detail.issues} />
    </section>
  );
}
