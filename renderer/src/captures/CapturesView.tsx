// Teardown archives: what was captured (files, services, exit codes), and their logs in the log
// view, searchable like live ones.

import { useEffect, useState } from 'react';
import type { CaptureManifest, CaptureSummary } from '../../../shared/api/captures.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';
import { CaptureDetail } from './CaptureDetail.tsx';
import { formatBytes, formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';

export function CapturesView() {
  const t = useT('captures');
  const tc = useT('common');
  const lang = useLanguage();
  const client = useApp((s) => s.client);
  const [captures, setCaptures] = useState<CaptureSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [manifest, setManifest] = useState<CaptureManifest | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!client) return;
    let current = true;
    setError(null);
    client.listCaptures({}).then(
      (list) => current && setCaptures([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
      (e) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [client, reload]);

  useEffect(() => {
    if (!client || !selected) return;
    let current = true;
    setManifest(null);
    client.showCapture({ id: selected }).then(
      (m) => current && setManifest(m),
      (e) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [client, selected]);

  return (
    <div className="captures" data-testid="captures-view">
      <div className="toolbar">
        <h1>{t('title')}</h1>
        <button type="button" onClick={() => setReload((n) => n + 1)} data-testid="captures-reload">
          {t('reload')}
        </button>
        {error && (
          <span className="error" data-testid="captures-error">
            {error}
          </span>
        )}
      </div>
      {captures === null && !error && <p className="muted">{tc('loading')}</p>}
      {captures?.length === 0 && <p className="muted">{t('none')}</p>}
      {captures && captures.length > 0 && (
        <table className="services" data-testid="captures-table">
          <thead>
            <tr>
              <th>{t('colStack')}</th>
              <th>{t('colTaken')}</th>
              <th>{t('colBranch')}</th>
              <th>{t('colServices')}</th>
              <th>{t('colSize')}</th>
            </tr>
          </thead>
          <tbody>
            {captures.map((c) => (
              <tr
                key={c.id}
                className={c.id === selected ? 'selected clickable' : 'clickable'}
                onClick={() => setSelected(c.id)}
                data-testid={`capture-${c.id}`}
              >
                <td className="strong">{c.stack}</td>
                <td className="mono" title={c.createdAt}>
                  {formatDateTime(lang, c.createdAt)}
                </td>
                <td>{c.branch ?? '–'}</td>
                <td>{c.services.join(', ')}</td>
                <td>{formatBytes(lang, c.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && manifest && <CaptureDetail manifest={manifest} path={captures?.find((c) => c.id === selected)?.path} />}
    </div>
  );
}
