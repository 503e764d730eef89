// The Templates screen: every stack file of the templates folder with its services, whether it
// is valid, its repository and when it was last used; one selected shows its file with the
// problems marked; Import copies a compose file in, Remove deletes one (after asking).

import { useEffect, useState } from 'react';
import type { TemplateSummary } from '../../../shared/api/templates.ts';
import { saidError } from '../api/errorMessage.ts';
import type { Said } from '../i18n/said.ts';
import { formatAgo, formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { TemplateImport } from './TemplateImport.tsx';
import { TemplatePanel } from './TemplatePanel.tsx';
import { Validity } from './Validity.tsx';

export function TemplatesView() {
  const t = useT('templates');
  const tc = useT('common');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<Said | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!client) return;
    let current = true;
    setError(null);
    client.listTemplates({}).then(
      (list) => current && setTemplates(list),
      (e) => current && setError(() => saidError(e)),
    );
    client.getSettings({}).then(
      (s) => current && setFolder(s.templatesDir),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client, reload]);

  const refresh = () => setReload((n) => n + 1);

  return (
    <div className="templates" data-testid="templates-view">
      <div className="toolbar">
        <h1>{t('title')}</h1>
        <button type="button" onClick={refresh} data-testid="templates-reload">
          {t('reload')}
        </button>
        <button type="button" disabled={!client || importing} onClick={() => setImporting(true)} data-testid="templates-import">
          {t('import')}
        </button>
        {folder && (
          <span className="muted mono" title={t('folderTitle')}>
            {folder}
          </span>
        )}
        {error && (
          <span className="error" data-testid="templates-error">
            {error(lang)}
          </span>
        )}
      </div>
      {importing && (
        <TemplateImport
          existing={templates?.map((x) => x.id) ?? []}
          onCancel={() => setImporting(false)}
          onImported={(id) => {
            setImporting(false);
            setSelected(id);
            refresh();
          }}
        />
      )}
      {templates === null && !error && <p className="muted">{tc('loading')}</p>}
      {templates?.length === 0 && !importing && (
        <p className="muted" data-testid="templates-empty">
          {t('empty')}
        </p>
      )}
      {templates && templates.length > 0 && (
        <table className="services" data-testid="templates-table">
          <thead>
            <tr>
              <th>{t('col_template')}</th>
              <th>{t('col_services')}</th>
              <th>{t('col_valid')}</th>
              <th>{t('col_repository')}</th>
              <th>{t('col_lastUsed')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((x) => (
              <tr
                key={x.id}
                className={x.id === selected ? 'selected clickable' : 'clickable'}
                onClick={() => setSelected(x.id)}
                data-testid={`template-${x.id}`}
                aria-selected={x.id === selected}
              >
                <td>
                  <span className="strong">{x.name}</span>
                  {x.name !== x.id && <span className="muted"> ({x.id})</span>}
                </td>
                <td data-testid="template-services">{x.services.join(', ') || '–'}</td>
                <td>
                  <Validity valid={x.valid} problems={x.problems} />
                </td>
                <td className="mono">{x.git ?? '–'}</td>
                <td title={x.lastUsed ? formatDateTime(lang, x.lastUsed) : undefined}>
                  {x.lastUsed
                    ? x.branchesUsed[0]
                      ? t('agoOnBranch', { ago: formatAgo(lang, x.lastUsed), branch: x.branchesUsed[0] })
                      : formatAgo(lang, x.lastUsed)
                    : tc('never')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && templates?.some((x) => x.id === selected) && (
        <TemplatePanel
          key={`${selected}-${reload}`}
          id={selected}
          onRemoved={() => {
            setSelected(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}
