// One template: where its file is, what it makes (services, repository, branches used), its
// problems, and the file itself with each problem marked at its line and column. Remove asks
// first and says what it does not touch.

import { useEffect, useState } from 'react';
import type { TemplateDetail } from '../../../shared/api/templates.ts';
import { saidError } from '../api/errorMessage.ts';
import { useOperation } from '../api/useOperation.ts';
import { useEscapeKey } from '../keyboard/useModalKeys.ts';
import { Outcome } from '../stacks/StackActions.tsx';
import { formatAgo, formatDateTime } from '../i18n/format.ts';
import { type Said, said } from '../i18n/said.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { TemplateFile } from './TemplateFile.tsx';
import { Validity } from './Validity.tsx';


export function TemplatePanel({ id, onRemoved }: { id: string; onRemoved(): void }) {
  const t = useT('templates');
  const tc = useT('common');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const openEnvironmentDialog = useApp((s) => s.openEnvironmentDialog);
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState<Said | null>(null);
  const [confirming, setConfirming] = useState(false);
  const op = useOperation<'remove'>();
  useEscapeKey(() => setConfirming(false), confirming);

  useEffect(() => {
    if (!client) return;
    let current = true;
    client.showTemplate({ id }).then(
      (d) => current && setDetail(d),
      (e) => current && setError(() => saidError(e)),
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
      return { ok: true, text: said('templates', 'removed', { id }) };
    });
    if (r.ok) onRemoved();
  };

  if (error) return <p className="error" data-testid="template-error">{error(lang)}</p>;
  if (!detail) return <p className="muted">{t('loadingOne', { id })}</p>;
  return (
    <section className="template-panel" data-testid="template-panel" aria-label={t('panelLabel', { id: detail.id })}>
      <header className="stack-head">
        <h2>{detail.name}</h2>
        <Validity valid={detail.valid} problems={detail.problems} />
        <dl>
          <dt>{t('field_id')}</dt>
          <dd className="mono">{detail.id}</dd>
          <dt>{t('field_services')}</dt>
          <dd data-testid="template-panel-services">{detail.services.join(', ') || '–'}</dd>
          <dt>{t('field_repository')}</dt>
          <dd className="mono">{detail.git ?? '–'}</dd>
          <dt>{t('field_lastUsed')}</dt>
          <dd title={detail.lastUsed ? formatDateTime(lang, detail.lastUsed) : undefined}>{detail.lastUsed ? formatAgo(lang, detail.lastUsed) : tc('never')}</dd>
          {detail.branchesUsed.length > 0 && (
            <>
              <dt>{t('field_branches')}</dt>
              <dd>{detail.branchesUsed.slice(0, 5).join(', ')}{detail.branchesUsed.length > 5 ? ', …' : ''}</dd>
            </>
          )}
        </dl>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!client || !detail.valid}
          title={detail.valid ? undefined : t('fixFirst')}
          onClick={() => openEnvironmentDialog({ mode: 'new', template: detail.id })}
          data-testid="template-create-environment"
        >
          {t('createEnvironment')}
        </button>
        {!confirming ? (
          <button type="button" className="danger" disabled={!client || op.busy !== null} onClick={() => setConfirming(true)} data-testid="template-remove">
            {op.busy ? t('removing') : t('remove')}
          </button>
        ) : (
          <span className="confirm" data-testid="template-remove-confirm-box">
            {t('removeConfirm', { id: detail.id })}
            <button type="button" className="danger" onClick={remove} data-testid="template-remove-confirm">
              {t('remove')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus data-testid="template-remove-cancel">
              {tc('cancel')}
            </button>
          </span>
        )}
      </header>
      <p className="muted mono">{detail.file}</p>
      <Outcome outcome={op.outcome} />
      {detail.issues.length > 0 && (
        <p className="error" data-testid="template-problems">
          {t('problemsBlock', { count: detail.issues.length })}
        </p>
      )}
      {detail.warnings.map((w, n) => (
        <p key={n} className="warn">
          {t('warning', { text: w })}
        </p>
      ))}
      <TemplateFile content={detail.content} issues={detail.issues} />
    </section>
  );
}
