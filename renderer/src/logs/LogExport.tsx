// Export of every line that passes the view's filters (not only the 10 000 in view), as text or
// JSON lines. In the browser mode it is a real download: the local server streams the file over
// HTTP (the token's cookie goes with it), and the browser saves it where downloads go. In the
// desktop app the shell asks where to save (a native dialog) and the engine writes the file. The
// page never names a path on the engine's machine.

import { useEffect, useState } from 'react';
import { LOG_EXPORT_PATH, type LogExportFormat, type LogFilter, type LogSource } from '../../../shared/api/logs.ts';
import { inDesktopApp } from '../api/connection.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';

/** `web-main.log`, `web-main-db.jsonl`, `web-main-20261201T101500.000Z.log` for a capture. */
export function exportFileName(source: LogSource, format: LogExportFormat): string {
  const base = source.kind === 'live' ? source.stack : source.id.replace('/', '-');
  return `${[base, ...(source.services ?? [])].join('-')}.${format === 'jsonl' ? 'jsonl' : 'log'}`.replace(/[^\w.-]+/g, '_');
}

/** The browser mode's download address (same origin: the page was served from it). */
export function exportUrl(scope: { source: LogSource } & LogFilter, format: LogExportFormat): string {
  const q = new URLSearchParams({ params: JSON.stringify({ ...scope, format }), name: exportFileName(scope.source, format) });
  return `${LOG_EXPORT_PATH}?${q}`;
}

export function LogExport({ scope }: { scope: { source: LogSource } & LogFilter }) {
  const t = useT('logs');
  const client = useApp((s) => s.client);
  const [format, setFormat] = useState<LogExportFormat>('text');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  // A success note goes after a while (the file is in the downloads bar, or where it was saved).
  useEffect(() => {
    if (!outcome?.ok) return;
    const timer = setTimeout(() => setOutcome(null), 8000);
    return () => clearTimeout(timer);
  }, [outcome]);

  const exportNow = async () => {
    setOutcome(null);
    if (!inDesktopApp) {
      const a = document.createElement('a');
      a.href = exportUrl(scope, format);
      a.download = exportFileName(scope.source, format);
      a.click();
      setOutcome({ ok: true, text: t('downloadStarted', { file: a.download }) });
      return;
    }
    if (!client) return;
    setBusy(true);
    try {
      const r = await client.saveLogs({ ...scope, format, suggestedName: exportFileName(scope.source, format) });
      setOutcome(r ? { ok: true, text: t('savedTo', { count: r.lines, path: r.path }) } : { ok: true, text: t('saveCancelled') });
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="log-export">
      <label title={t('formatLabel')}>
        <select value={format} onChange={(e) => setFormat(e.target.value as LogExportFormat)} aria-label={t('formatLabel')} data-testid="log-export-format">
          <option value="text">{t('format_text')}</option>
          <option value="jsonl">{t('format_jsonl')}</option>
        </select>
      </label>
      <button type="button" onClick={() => void exportNow()} disabled={busy || (inDesktopApp && !client)} title={t('exportTitle')} data-testid="log-export">
        {busy ? t('exporting') : t('export')}
      </button>
      {outcome && (
        <span className={outcome.ok ? 'muted log-export-result' : 'error log-export-result'} title={outcome.text} data-testid="log-export-result">
          {outcome.text}
        </span>
      )}
    </span>
  );
}
