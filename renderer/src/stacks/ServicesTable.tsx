import type { StackStatus } from '../../../shared/stack/status.ts';
import { useApp } from '../store/appStore.ts';

export function ServicesTable({ stack }: { stack: StackStatus }) {
  const { openLogs, openTerminal } = useApp.getState();
  if (stack.services.length === 0 && !stack.missing?.length) return <p className="muted">no containers (only the network is left)</p>;
  return (
    <table className="services" data-testid="services-table">
      <thead>
        <tr>
          <th>Service</th>
          <th>State</th>
          <th>Health</th>
          <th>IP</th>
          <th>Image</th>
          <th>Commit</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {stack.services.map((s) => (
          <tr key={s.containerId} data-testid={`service-${s.name}`}>
            <td className="strong">{s.name}</td>
            <td>
              {s.state === 'created' ? (
                // Created, never started: the up that created it ended (or is still waiting) first.
                <span className="pill state-created" data-testid="service-state" title="Created by an up that ended before it started this service: up again to start it">
                  not started
                </span>
              ) : (
                <span className={`pill state-${s.state}`} data-testid="service-state">
                  {s.state}
                  {s.exitCode !== undefined && s.state !== 'running' ? ` (${s.exitCode})` : ''}
                </span>
              )}
            </td>
            <td data-testid="service-health">{s.health === 'none' ? '–' : s.health}</td>
            <td className="mono" data-testid="service-ip">
              {s.ip || '–'}
            </td>
            <td className="mono">{s.image}</td>
            <td className="mono" title={s.commit}>
              {s.commit ? s.commit.slice(0, 12) : '–'}
            </td>
            <td className="actions">
              <button
                type="button"
                onClick={() => openLogs({ kind: 'live', stack: stack.name, services: [s.name] }, { follow: true, title: `${stack.name} / ${s.name}` })}
                data-testid="service-logs"
              >
                Logs
              </button>
              <button
                type="button"
                disabled={s.state !== 'running'}
                title={s.state === 'running' ? 'Open a shell in this container' : 'Only a running container has a terminal'}
                onClick={() => openTerminal(stack.name, s.name)}
                data-testid="service-terminal"
              >
                Terminal
              </button>
            </td>
          </tr>
        ))}
        {(stack.missing ?? []).map((name) => (
          // In the file at the last up, but no container: that up was cancelled or killed first.
          <tr key={`missing-${name}`} className="missing" data-testid={`service-${name}`}>
            <td className="strong">{name}</td>
            <td>
              <span className="pill state-missing" data-testid="service-state" title="The last up ended before it created this service: up again to create it">
                not created
              </span>
            </td>
            <td>–</td>
            <td>–</td>
            <td />
            <td />
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
