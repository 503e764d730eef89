// The Templates screen: every stack file of the templates folder with its services, whether it
// is valid, its repository and when it was last used; one selected shows its file with the
// problems marked; Import copies a compose file in, Remove deletes one (after asking).

import { useEffect, useState } from 'react';
import type { TemplateSummary } from '../../../shared/api/templates.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';
import { TemplateImport } from './TemplateImport.tsx';
import { TemplatePanel } from './TemplatePanel.tsx';
import { timeAgo } from './timeAgo.ts';
import { Validity } from './Validity.tsx';

export function TemplatesView() {
  const client = useApp((s) => s.client);
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!client) return;
    let current = true;
    setError(null);
    client.listTemplates({}).then(
      (list) => current && setTemplates(list),
      (e) => current && setError(errorMessage(e)),
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
        <h1>Templates</h1>
        <button type="button" onClick={refresh} data-testid="templates-reload">
          Reload
        </button>
        <button type="button" disabled={!client || importing} onClick={() => setImporting(true)} data-testid="templates-import">
          Import…
        </button>
        {folder && (
          <span className="muted mono" title="the templatesDir setting (BRANCHYARD_TEMPLATES)">
            {folder}
          </span>
        )}
        {error && (
          <span className="error" data-testid="templates-error">
            {error}
          </span>
        )}
      </div>
      {importing && (
        <TemplateImport
          existing={templates?.map((t) => t.id) ?? []}
          onCancel={() => setImporting(false)}
          onImported={(id) => {
            setImporting(false);
            setSelected(id);
            refresh();
          }}
        />
      )}
      {templates === null && !error && <p className="muted">loading…</p>}
      {templates?.length === 0 && !importing && (
        <p className="muted" data-testid="templates-empty">
          No templates yet: import a docker-compose.yml to make environments from it.
        </p>
      )}
      {templates && templates.length > 0 && (
        <table className="services" data-testid="templates-table">
          <thead>
            <tr>
              <th>Template</th>
              <th>Services</th>
              <th>Valid</th>
              <th>Repository</th>
              <th>Last used</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr
                key={t.id}
                className={t.id === selected ? 'selected clickable' : 'clickable'}
                onClick={() => setSelected(t.id)}
                data-testid={`template-${t.id}`}
                aria-selected={t.id === selected}
              >
                <td>
                  <span className="strong">{t.name}</span>
                  {t.name !== t.id && <span className="muted"> ({t.id})</span>}
                </td>
                <td data-testid="template-services">{t.services.join(', ') || '–'}</td>
                <td>
                  <Validity valid={t.valid} problems={t.problems} />
                </td>
                <td className="mono">{t.git ?? '–'}</td>
                <td title={t.lastUsed}>
                  {t.lastUsed ? `${timeAgo(t.lastUsed)}${t.branchesUsed[0] ? ` (${t.branchesUsed[0]})` : ''}` : 'never'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && templates?.some((t) => t.id === selected) && (
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
