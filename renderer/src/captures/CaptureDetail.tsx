import type { CaptureManifest } from '../../../shared/api/captures.ts';
import { useApp } from '../store/appStore.ts';
import { formatBytes } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';

export function CaptureDetail({ manifest, path }: { manifest: CaptureManifest; path?: string }) {
  const openLogs = useApp((s) => s.openLogs);
  const t = useT('captures');
  const lang = useLanguage();
  return (
    <div className="capture-detail" data-testid="capture-detail">
      <div className="toolbar">
        <h2>{manifest.id}</h2>
        <button
          type="button"
          onClick={() => openLogs({ kind: 'capture', id: manifest.id }, { follow: false, title: t('logsTitle', { id: manifest.id }) })}
          data-testid="capture-open-logs"
        >
          {t('openLogs')}
        </button>
      </div>
      {path && <p className="muted mono">{path}</p>}
      <h3>{t('services')}</h3>
      <table className="services">
        <thead>
          <tr>
            <th>{t('colService')}</th>
            <th>{t('colState')}</th>
            <th>{t('colExitCode')}</th>
            <th>{t('colLogLines')}</th>
            <th>{t('colImage')}</th>
            <th>{t('colCommit')}</th>
          </tr>
        </thead>
        <tbody>
          {manifest.services.map((s) => (
            <tr key={s.containerId} data-testid={`capture-service-${s.name}`}>
              <td className="strong">{s.name}</td>
              <td>{s.state}</td>
              <td data-testid="capture-exit-code">{s.exitCode ?? '–'}</td>
              <td>
                {s.logLines.stdout} / {s.logLines.stderr}
              </td>
              <td className="mono">{s.image}</td>
              <td className="mono">{s.commit?.slice(0, 12) ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manifest.services.some((s) => s.missing?.length) && (
        <>
          <h3>{t('notCaptured')}</h3>
          <ul>
            {manifest.services.flatMap((s) =>
              (s.missing ?? []).map((m) => (
                <li key={`${s.name}:${m.path}`} className="error">
                  {s.name}: {m.path}: {m.reason}
                </li>
              )),
            )}
          </ul>
        </>
      )}
      <h3>{t('files')}</h3>
      <table className="services" data-testid="capture-files">
        <thead>
          <tr>
            <th>{t('colPath')}</th>
            <th>{t('colKind')}</th>
            <th>{t('colService')}</th>
            <th>{t('colSize')}</th>
          </tr>
        </thead>
        <tbody>
          {manifest.files.map((f) => (
            <tr key={f.path}>
              <td className="mono">{f.path}</td>
              <td>{f.kind}</td>
              <td>{f.service ?? '–'}</td>
              <td>{formatBytes(lang, f.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
