// One dialog for a new environment and for updating one: pick a template, type a branch (with
// the repository's branches and the ones used before offered), tick the template's profiles,
// see the stack name and subnet it will get, the file's problems at their line and column, and
// the plan; Start runs it and the
// same dialog shows its live progress. Closing the dialog does not stop a launch: it keeps running
// in the store and the stack's page links back to it.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TemplateSummary } from '../../../shared/api/templates.ts';
import type { UpParams } from '../../../shared/api/stacks.ts';
import { formatIssue } from '../../../shared/errors/errors.ts';
import { saidError } from '../api/errorMessage.ts';
import type { Said } from '../i18n/said.ts';
import type { T } from '../i18n/translate.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { SLOT, Slotted } from '../layout/Slotted.tsx';
import { askForNotifications } from '../notify/permission.ts';
import { useApp } from '../store/appStore.ts';
import { LaunchView } from './LaunchView.tsx';
import type { EnvironmentDialog as DialogState } from './launchSlice.ts';
import { PlanView } from './PlanView.tsx';
import { ProfilePicker, profilesRunning } from './ProfilePicker.tsx';
import { startLaunch } from './runLaunch.ts';
import { useBranchOptions } from './useBranchOptions.ts';
import { type PlanPreview, usePlanPreview } from './usePlanPreview.ts';

export function EnvironmentDialogHost() {
  const dialog = useApp((s) => s.environmentDialog);
  const close = useApp((s) => s.closeEnvironmentDialog);
  useEffect(() => {
    if (!dialog) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, close]);
  if (!dialog) return null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <EnvironmentDialog key={JSON.stringify(dialog)} dialog={dialog} />
    </div>
  );
}

function title(t: T<'environments'>, dialog: DialogState): string {
  if (dialog.mode === 'new') return t('titleNew');
  if (dialog.mode === 'update') return t('titleUpdate', { stack: dialog.stack });
  return dialog.stack;
}

function EnvironmentDialog({ dialog }: { dialog: DialogState }) {
  const t = useT('environments');
  const tc = useT('common');
  const close = useApp((s) => s.closeEnvironmentDialog);
  const open = useApp((s) => s.openEnvironmentDialog);
  const selectStack = useApp((s) => s.selectStack);
  const launch = useApp((s) => (dialog.mode === 'new' ? undefined : s.launches[dialog.stack]));
  const showProgress = dialog.mode === 'progress' || (launch && launch.state === 'running');
  const stack = dialog.mode === 'new' ? undefined : dialog.stack;
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="environment-dialog-title" data-testid="environment-dialog">
      <header className="dialog-head">
        <h2 id="environment-dialog-title">{title(t, dialog)}</h2>
        <span className="spacer" />
        <button type="button" aria-label={tc('close')} title={tc('close')} onClick={close} data-testid="environment-dialog-close">
          ×
        </button>
      </header>
      {showProgress && stack ? (
        <div className="dialog-body">
          <LaunchView stack={stack} />
          <div className="toolbar dialog-foot">
            <button
              type="button"
              onClick={() => {
                selectStack(stack);
                close();
              }}
              data-testid="launch-open-stack"
            >
              {t('openStack')}
            </button>
          </div>
        </div>
      ) : (
        <LaunchForm dialog={dialog} onStarted={(s) => open({ mode: 'progress', stack: s })} />
      )}
    </div>
  );
}

function LaunchForm({ dialog, onStarted }: { dialog: DialogState; onStarted(stack: string): void }) {
  const t = useT('environments');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const existing = useApp((s) => (dialog.mode === 'new' ? undefined : s.stacks.find((x) => x.name === dialog.stack)));
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [loadError, setLoadError] = useState<Said | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [branch, setBranch] = useState(existing?.branch ?? '');
  const [name, setName] = useState('');
  /** Ticked profiles; null until the user ticks one (an update starts from those the stack runs). */
  const [picked, setPicked] = useState<string[] | null>(null);
  const [starting, setStarting] = useState(false);
  const branchField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!client) return;
    let current = true;
    client.listTemplates({}).then(
      (list) => {
        if (!current) return;
        setTemplates(list);
        const own = existing && list.find((x) => x.file === existing.file);
        const asked = dialog.mode === 'new' && dialog.template && list.find((x) => x.id === dialog.template);
        setTemplateId((id) => id || (asked ? asked.id : own ? own.id : existing ? '' : (list.find((x) => x.valid)?.id ?? list[0]?.id ?? '')));
      },
      (e) => current && setLoadError(() => saidError(e)),
    );
    return () => {
      current = false;
    };
  }, [client, existing?.file]);

  useEffect(() => branchField.current?.focus(), [templates]);

  const choices = templates?.find((x) => x.id === templateId)?.profiles ?? [];
  const profiles = picked ?? (existing ? profilesRunning(choices, existing.services.map((s) => s.name)) : []);
  const profilesKey = choices.length ? profiles.join(',') : null;

  const params = useMemo<UpParams | null>(() => {
    // A template with profiles gets the ticked ones, none ticked too: the pick is the user's, not
    // COMPOSE_PROFILES of the engine's environment.
    const profileParam = profilesKey === null ? {} : { profiles: profilesKey ? profilesKey.split(',') : [] };
    if (existing) {
      // Up again from where the stack came from: its template if it has one, else the file
      // the engine kept for it; its own name and branch.
      const source = templateId ? { template: templateId } : existing.file ? { file: existing.file } : null;
      return source && { ...source, name: existing.name, ...(existing.branch ? { branch: existing.branch } : {}), ...profileParam };
    }
    if (!templateId) return null;
    return { template: templateId, ...(branch.trim() ? { branch: branch.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}), ...profileParam };
  }, [existing, templateId, branch, name, profilesKey]);

  const preview = usePlanPreview(client, params);
  const branches = useBranchOptions(client, existing ? '' : templateId, branch);
  const template = templates?.find((x) => x.id === templateId);
  const plan = preview.state === 'ready' ? preview.plan : null;
  const stackExists = plan ? plan.networks.some((n) => n.action === 'keep') || plan.services.some((s) => s.action !== 'create') : false;
  const mode = existing || stackExists ? 'update' : 'new';

  const start = async () => {
    if (!client || !params || !plan) return;
    // The user starts something that ends later: the moment to ask whether its end may be announced.
    void askForNotifications();
    setStarting(true);
    onStarted(plan.stack);
    await startLaunch(client, params, plan, mode);
  };

  if (loadError) return <p className="error pad">{t('templatesNotListed', { error: loadError(lang) })}</p>;
  if (!templates) return <p className="muted pad">{t('loadingTemplates')}</p>;
  if (templates.length === 0 && !existing) {
    return (
      <div className="dialog-body">
        <p className="muted" data-testid="no-templates">
          {t('noTemplates')}
        </p>
      </div>
    );
  }

  return (
    <form
      className="dialog-body"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="form-grid">
        <label htmlFor="env-template">{t('template')}</label>
        {existing ? (
          <span className="mono" data-testid="env-source">
            {template ? template.name : (existing.file ?? t('unknownSource'))}
          </span>
        ) : (
          <select
            id="env-template"
            value={templateId}
            onChange={(e) => {
              setTemplateId(e.target.value);
              setPicked(null);
            }}
            data-testid="env-template"
          >
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.valid ? x.name : t('templateWithProblems', { name: x.name, count: x.problems })}
              </option>
            ))}
          </select>
        )}
        <label htmlFor="env-branch">{t('branch')}</label>
        {existing ? (
          <span className="mono" id="env-branch" data-testid="env-branch">
            {existing.branch ?? t('noBranch')}
          </span>
        ) : (
          <div>
            <input
              id="env-branch"
              ref={branchField}
              list="env-branch-options"
              value={branch}
              onChange={(e) => setBranch(e.target.value)}
              placeholder={template?.git ? t('branchOf', { repository: template.git }) : t('aGitBranch')}
              autoComplete="off"
              spellCheck={false}
              data-testid="env-branch"
            />
            <datalist id="env-branch-options">
              {branches.options.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.source === 'used' ? t('usedBefore') : t('remote')}
                </option>
              ))}
            </datalist>
            {branches.error && (
              <p className="muted small" data-testid="env-branches-error">
                {t('branchesNotListed', { repository: branches.repository ?? t('theRepository'), error: branches.error(lang) })}
              </p>
            )}
          </div>
        )}
        <ProfilePicker choices={choices} selected={profiles} onChange={setPicked} />
        {!existing && (
          <>
            <label htmlFor="env-name">{t('name')}</label>
            <input id="env-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('namePlaceholder')} spellCheck={false} data-testid="env-name" />
          </>
        )}
      </div>
      <PreviewPanel preview={preview} stackExists={stackExists && !existing} mode={mode} />
      <div className="toolbar dialog-foot">
        <button type="submit" className="primary" disabled={!plan || starting} data-testid="env-start">
          {mode === 'update' ? t('update') : t('start')}
        </button>
        <span className="muted">{preview.state === 'loading' ? t('planning') : ''}</span>
      </div>
    </form>
  );
}

function PreviewPanel({ preview, stackExists, mode }: { preview: PlanPreview; stackExists: boolean; mode: 'new' | 'update' }) {
  const t = useT('environments');
  const lang = useLanguage();
  if (preview.state === 'idle') return null;
  if (preview.state === 'problems') {
    return (
      <div className="problems" data-testid="env-problems">
        {preview.issues.length > 0 ? (
          <>
            <p className="error">
              {t('problemsFirst', { count: preview.issues.length })}
            </p>
            <ul className="mono">
              {preview.issues.map((i, n) => (
                <li key={n} data-testid="env-problem">
                  {formatIssue(i)}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="error">{preview.message(lang)}</p>
        )}
      </div>
    );
  }
  if (preview.state === 'loading') return <div className="preview muted">…</div>;
  const { plan, warnings } = preview;
  return (
    <div className="preview">
      <p data-testid="env-summary">
        <Slotted text={t(plan.networks[0]?.action === 'keep' ? 'summaryKept' : 'summary', { stack: SLOT, subnet: SLOT })}>
          <span className="strong mono" data-testid="env-stack">{plan.stack}</span>
          <span className="strong mono" data-testid="env-subnet">{plan.networks[0]?.subnet ?? '–'}</span>
        </Slotted>
      </p>
      {stackExists && <p className="warn-text" data-testid="env-exists">{t('existsAlready')}</p>}
      {warnings.map((w) => (
        <p key={w} className="warn-text">
          {t('warning', { text: w })}
        </p>
      ))}
      <PlanView plan={plan} mode={mode} />
    </div>
  );
}
