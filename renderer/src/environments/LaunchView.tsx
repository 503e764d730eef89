// Live progress of one launch: a row per service with its phase (pulling with a bar, building
// with its log behind a toggle, waiting for a dependency, healthy, failed with the engine's reason
// and the service's last log lines), the messages about the stack as a whole, and how it ended.

import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { formatBytes } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { type ServiceRow, phaseText } from './launchProgress.ts';
import { cancelLaunch } from './runLaunch.ts';

function Bytes({ bytes }: { bytes: { done: number; total: number } }) {
  const t = useT('environments');
  const lang = useLanguage();
  if (bytes.total <= 0) return null;
  return (
    <span className="bytes">
      <progress max={bytes.total} value={bytes.done} /> {t('bytes', { done: formatBytes(lang, bytes.done), total: formatBytes(lang, bytes.total) })}
    </span>
  );
}

function Row({ row }: { row: ServiceRow }) {
  const t = useT('environments');
  return (
    <li className={`launch-row phase-${row.phase}`} data-testid={`launch-${row.service}`} data-phase={row.phase}>
      <div className="launch-line">
        <span className="strong launch-service">{row.service}</span>
        <span className={`pill phase-${row.phase}`} data-testid="launch-phase">
          {phaseText(row, t)}
        </span>
        {/* The engine's words for the step; left out where they only repeat the phase the pill names ("healthy"). */}
        {row.message !== row.phase && <span className="muted mono launch-message">{escapeControls(row.message)}</span>}
        {row.bytes && <Bytes bytes={row.bytes} />}
      </div>
      {row.failure && (
        <div className="launch-failure" data-testid="launch-failure">
          <p className="error">{escapeControls(row.failure.reason)}</p>
          {row.failure.lastLines.length > 0 && <pre className="mono">{escapeControls(row.failure.lastLines.join('\n'))}</pre>}
        </div>
      )}
      {row.buildLog.length > 0 && (
        <details className="build-log" open={row.phase === 'building'}>
          <summary>{t('buildLog', { count: row.buildLog.length })}</summary>
          <pre className="mono" data-testid="build-log">
            {escapeControls(row.buildLog.join('\n'))}
          </pre>
        </details>
      )}
    </li>
  );
}

export function LaunchView({ stack }: { stack: string }) {
  const t = useT('environments');
  const lang = useLanguage();
  const tc = useT('common');
  const launch = useApp((s) => s.launches[stack]);
  if (!launch) return <p className="muted">{t('nothingStarting', { stack })}</p>;
  return (
    <div className="launch" data-testid="launch" data-state={launch.state}>
      <ul className="launch-rows">
        {launch.progress.rows.map((r) => (
          <Row key={r.service} row={r} />
        ))}
      </ul>
      {launch.progress.general.length > 0 && (
        <ul className="launch-general muted mono">
          {launch.progress.general.slice(-5).map((m, i) => (
            <li key={i}>{escapeControls(m)}</li>
          ))}
        </ul>
      )}
      {launch.state === 'running' ? (
        <div className="toolbar">
          <span className="muted">{t(launch.mode === 'update' ? 'updatingStack' : 'startingStack', { stack })}</span>
          <button type="button" onClick={() => cancelLaunch(stack)} data-testid="launch-cancel">
            {tc('cancel')}
          </button>
        </div>
      ) : (
        <div className={launch.state === 'ready' ? 'ok' : launch.state === 'cancelled' ? 'muted' : 'error'} data-testid="launch-outcome">
          <p>{launch.outcome?.(lang)}</p>
          {launch.left && (
            <>
              <p className="muted">{t('leftOnEngine')}</p>
              <ul className="mono" data-testid="launch-left">
                {launch.left.map((l, i) => (
                  <li key={i}>{l(lang)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
