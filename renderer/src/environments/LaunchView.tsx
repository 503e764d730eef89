// Live progress of one launch: a row per service with its phase (pulling with a bar, building
// with its log behind a toggle, waiting for a dependency, healthy, failed with the engine's reason
// and the service's last log lines), the messages about the stack as a whole, and how it ended.

import { escapeControls } from '../../../shared/text/escapeControls.ts';
import { useApp } from '../store/appStore.ts';
import { type ServiceRow, phaseText } from './launchProgress.ts';
import { cancelLaunch } from './runLaunch.ts';

function Bytes({ bytes }: { bytes: { done: number; total: number } }) {
  if (bytes.total <= 0) return null;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return (
    <span className="bytes">
      <progress max={bytes.total} value={bytes.done} /> {mb(bytes.done)} / {mb(bytes.total)} MB
    </span>
  );
}

function Row({ row }: { row: ServiceRow }) {
  return (
    <li className={`launch-row phase-${row.phase}`} data-testid={`launch-${row.service}`} data-phase={row.phase}>
      <div className="launch-line">
        <span className="strong launch-service">{row.service}</span>
        <span className={`pill phase-${row.phase}`} data-testid="launch-phase">
          {phaseText(row)}
        </span>
        <span className="muted mono launch-message">{escapeControls(row.message)}</span>
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
          <summary>build log ({row.buildLog.length} lines)</summary>
          <pre className="mono" data-testid="build-log">
            {escapeControls(row.buildLog.join('\n'))}
          </pre>
        </details>
      )}
    </li>
  );
}

export function LaunchView({ stack }: { stack: string }) {
  const launch = useApp((s) => s.launches[stack]);
  if (!launch) return <p className="muted">Nothing is starting for {stack}.</p>;
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
          <span className="muted">{launch.mode === 'update' ? 'Updating' : 'Starting'} {stack}…</span>
          <button type="button" onClick={() => cancelLaunch(stack)} data-testid="launch-cancel">
            Cancel
          </button>
        </div>
      ) : (
        <div className={launch.state === 'ready' ? 'ok' : launch.state === 'cancelled' ? 'muted' : 'error'} data-testid="launch-outcome">
          <p>{launch.outcome}</p>
          {launch.left && (
            <>
              <p className="muted">Left on the engine:</p>
              <ul className="mono" data-testid="launch-left">
                {launch.left.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
