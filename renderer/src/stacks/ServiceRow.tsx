// One service of the stack: its state (failed in red with its exit code and why), IP with a copy
// button, live CPU and memory, uptime and its buttons; under it, the detail (image, commit,
// ports, connection strings).

import type { ServiceDetails } from '../../../shared/api/control.ts';
import type { ServiceStatus, StackStatus } from '../../../shared/stack/status.ts';
import { CopyButton } from '../layout/CopyButton.tsx';
import { useApp } from '../store/appStore.ts';
import { ConnectionStrings } from './ConnectionStrings.tsx';
import { formatCpu, formatMemory } from './formatUsage.ts';
import { type ControlKind, busyWords, controlKey } from './stackControl.ts';
import type { Sample } from './useStackStats.ts';
import { Uptime } from './Uptime.tsx';

export interface RowControl {
  /** The key of the operation running on this stack, if any. */
  busy: string | null;
  run(kind: Exclude<ControlKind, 'down'>, service: string): void;
}

const isUp = (s: ServiceStatus) => s.state === 'running' || s.state === 'restarting' || s.state === 'paused';

function StatePill({ s }: { s: ServiceStatus }) {
  if (s.failure) {
    return (
      <span className="pill state-failed" data-testid="service-state">
        failed{s.failure.exitCode === undefined ? '' : ` (${s.failure.exitCode})`}
      </span>
    );
  }
  if (s.state === 'created') {
    // Created, never started: the up that created it ended (or is still waiting) first, or what it
    // depends on failed (said under the row).
    return (
      <span className="pill state-notstarted" data-testid="service-state" title="Created by an up that did not start it: Start (or Update) starts it">
        not started
      </span>
    );
  }
  // An exit code a stop explains (0, or 128 + its signal) is stopped, not failed: said in the title.
  const stopped = s.state === 'exited';
  return (
    <span className={`pill state-${s.state}`} data-testid="service-state" title={stopped ? `exited with code ${s.exitCode ?? '?'}` : undefined}>
      {stopped ? 'stopped' : s.state}
    </span>
  );
}

function Detail({ d, s }: { d: ServiceDetails | undefined; s: ServiceStatus }) {
  const image = <span className="mono">{s.image}</span>;
  if (!d) return <div className="detail-line">{image}</div>;
  const ports = d.ports.map((p) => `${p.container}${p.published.length ? ` → ${p.published.map((b) => `${b.hostIp}:${b.hostPort}`).join(', ')}` : ''}`);
  return (
    <>
      <div className="detail-line">
        <span>
          <span className="muted">image </span>
          {image}
          <span className="muted mono" title={d.imageId}> {d.imageId.replace(/^sha256:/, '').slice(0, 12)}</span>
        </span>
        {d.commit && (
          <span data-testid="service-commit" title={[d.commit.id, d.commit.author, d.commit.date].filter(Boolean).join('\n')}>
            <span className="muted">commit </span>
            <span className="mono">{d.commit.id.slice(0, 12)}</span>
            {d.commit.message && <span> {d.commit.message.split('\n')[0]}</span>}
          </span>
        )}
        <span data-testid="service-ports">
          <span className="muted">ports </span>
          <span className="mono">{ports.length ? ports.join(', ') : 'none'}</span>
        </span>
      </div>
      <ConnectionStrings connections={d.connections} />
    </>
  );
}

export function ServiceRow({ stack, s, detail, sample, control }: { stack: StackStatus; s: ServiceStatus; detail?: ServiceDetails; sample?: Sample; control: RowControl }) {
  const { openLogs, openTerminal } = useApp.getState();
  const up = isUp(s);
  const built = Boolean(s.commit);
  const button = (kind: Exclude<ControlKind, 'down'>, label: string, enabled: boolean, title: string) => {
    const mine = control.busy === controlKey(kind, s.name);
    return (
      <button type="button" disabled={control.busy !== null || !enabled} title={title} onClick={() => control.run(kind, s.name)} data-testid={`service-${kind}`}>
        {mine ? busyWords(kind) : label}
      </button>
    );
  };
  return (
    <>
      <tr className={s.failure || s.blockedBy ? 'failed' : undefined} data-testid={`service-${s.name}`}>
        <td className="strong">{s.name}</td>
        <td>
          <StatePill s={s} />
        </td>
        <td data-testid="service-health">{s.health === 'none' ? '–' : s.health}</td>
        <td className="mono nowrap">
          <span data-testid="service-ip">{s.ip || '–'}</span>
          {s.ip && <CopyButton text={s.ip} what="IP" testId="service-ip-copy" />}
        </td>
        <td className="num" data-testid="service-cpu">{up ? formatCpu(sample?.cpuPercent) : '–'}</td>
        <td className="num" data-testid="service-memory" title={sample?.memoryLimitBytes ? `limit ${formatMemory(sample.memoryLimitBytes)}` : undefined}>
          {up ? formatMemory(sample?.memoryBytes) : '–'}
        </td>
        <td className="nowrap" data-testid="service-uptime">{up && detail?.startedAt ? <Uptime since={detail.startedAt} /> : '–'}</td>
        <td className="actions">
          {button('start', 'Start', !up, up ? 'It runs already' : 'Start it (and the stopped services it depends on), on the same IP')}
          {button('stop', 'Stop', up, up ? 'Stop it; nothing is removed' : 'It is not running')}
          {button('restart', 'Restart', true, 'Stop it, then start it again on the same IP')}
          {button('recreate', 'Recreate', true, "Remove its container and create it again from the stack's file, on the same IP")}
          {built && button('redeploy', 'Redeploy', true, 'Fetch its branch and, if the commit moved, rebuild and replace it')}
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
      <tr className={s.failure || s.blockedBy ? 'detail failed' : 'detail'} data-testid={`service-detail-${s.name}`}>
        <td />
        <td colSpan={7}>
          {s.failure && (
            <div className="failure" data-testid="service-failure">
              {s.failure.reason}
              {s.failure.finishedAt && <span className="muted"> · ended {new Date(s.failure.finishedAt).toLocaleString()}</span>}
            </div>
          )}
          {s.blockedBy && (
            <div className="failure" data-testid="service-failure">
              not started: {s.blockedBy.reason}
            </div>
          )}
          <Detail d={detail} s={s} />
        </td>
      </tr>
    </>
  );
}
