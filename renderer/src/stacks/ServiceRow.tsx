// One service of the stack: its state (failed in red with its exit code and why), IP with a copy
// button, live CPU and memory, uptime and its buttons; under it, the detail (image, commit,
// ports, connection strings).

import type { ServiceDetails } from '../../../shared/api/control.ts';
import type { ServiceStatus, StackStatus } from '../../../shared/stack/status.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';
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

/** The state pill; `data-state` says it in one stable word (failed, not-started, stopped, running, ...) for tests and styles. */
function StatePill({ s }: { s: ServiceStatus }) {
  const t = useT('stacks');
  if (s.failure) {
    return (
      <span className="pill state-failed" data-testid="service-state" data-state="failed">
        {s.failure.exitCode === undefined ? t('serviceFailed') : t('serviceFailedCode', { code: String(s.failure.exitCode) })}
      </span>
    );
  }
  if (s.state === 'created') {
    // Created, never started: the up that created it ended (or is still waiting) first, or what it
    // depends on failed (said under the row).
    return (
      <span className="pill state-notstarted" data-testid="service-state" data-state="not-started" title={t('serviceNotStartedTitle')}>
        {t('serviceNotStarted')}
      </span>
    );
  }
  // An exit code a stop explains (0, or 128 + its signal) is stopped, not failed: said in the title.
  const stopped = s.state === 'exited';
  return (
    <span
      className={`pill state-${s.state}`}
      data-testid="service-state"
      data-state={stopped ? 'stopped' : s.state}
      title={stopped ? t('exitedWithCode', { code: s.exitCode === undefined ? '?' : String(s.exitCode) }) : undefined}
    >
      {t(`serviceState_${s.state}`)}
    </span>
  );
}

function Detail({ d, s }: { d: ServiceDetails | undefined; s: ServiceStatus }) {
  const t = useT('stacks');
  const image = <span className="mono">{s.image}</span>;
  if (!d) return <div className="detail-line">{image}</div>;
  const ports = d.ports.map((p) => `${p.container}${p.published.length ? ` → ${p.published.map((b) => `${b.hostIp}:${b.hostPort}`).join(', ')}` : ''}`);
  return (
    <>
      <div className="detail-line">
        <span>
          <span className="muted">{t('detail_image')} </span>
          {image}
          <span className="muted mono" title={d.imageId}> {d.imageId.replace(/^sha256:/, '').slice(0, 12)}</span>
        </span>
        {d.commit && (
          <span data-testid="service-commit" title={[d.commit.id, d.commit.author, d.commit.date].filter(Boolean).join('\n')}>
            <span className="muted">{t('detail_commit')} </span>
            <span className="mono">{d.commit.id.slice(0, 12)}</span>
            {d.commit.message && <span> {d.commit.message.split('\n')[0]}</span>}
          </span>
        )}
        <span data-testid="service-ports">
          <span className="muted">{t('detail_ports')} </span>
          <span className="mono">{ports.length ? ports.join(', ') : t('noPorts')}</span>
        </span>
      </div>
      <ConnectionStrings connections={d.connections} />
    </>
  );
}

/** Why a service was not started, from what it waits for: that one failed, or was not started itself. */
function BlockedReason({ stack, s }: { stack: StackStatus; s: ServiceStatus }) {
  const t = useT('stacks');
  if (!s.blockedBy) return null;
  const dep = stack.services.find((x) => x.name === s.blockedBy!.service);
  return (
    <div className="failure" data-testid="service-failure">
      {dep?.failure ? t('blockedFailed', { service: dep.name, reason: dep.failure.reason }) : t('blockedWaits', { service: s.blockedBy.service })}
    </div>
  );
}

export function ServiceRow({ stack, s, detail, sample, control }: { stack: StackStatus; s: ServiceStatus; detail?: ServiceDetails; sample?: Sample; control: RowControl }) {
  const t = useT('stacks');
  const lang = useLanguage();
  const { openLogs, openTerminal } = useApp.getState();
  const up = isUp(s);
  const built = Boolean(s.commit);
  const button = (kind: Exclude<ControlKind, 'down'>, label: string, enabled: boolean, title: string) => {
    const mine = control.busy === controlKey(kind, s.name);
    return (
      <button type="button" disabled={control.busy !== null || !enabled} title={title} onClick={() => control.run(kind, s.name)} data-testid={`service-${kind}`}>
        {mine ? busyWords(t, kind) : label}
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
        <td className="nowrap" data-testid="service-health" data-health={s.health}>
          {s.health === 'none' ? '–' : t(`health_${s.health}`)}
        </td>
        <td className="mono nowrap">
          <span data-testid="service-ip">{s.ip || '–'}</span>
          {s.ip && <CopyButton text={s.ip} what="IP" testId="service-ip-copy" />}
        </td>
        <td className="num" data-testid="service-cpu">{up ? formatCpu(lang, sample?.cpuPercent) : '–'}</td>
        <td className="num" data-testid="service-memory" title={sample?.memoryLimitBytes ? t('memoryLimit', { memory: formatMemory(lang, sample.memoryLimitBytes) }) : undefined}>
          {up ? formatMemory(lang, sample?.memoryBytes) : '–'}
        </td>
        <td className="nowrap" data-testid="service-uptime">{up && detail?.startedAt ? <Uptime since={detail.startedAt} /> : '–'}</td>
        <td className="actions">
          {button('start', t('start'), !up, up ? t('serviceRunsAlready') : t('serviceStartTitle'))}
          {button('stop', t('stop'), up, up ? t('serviceStopTitle') : t('serviceNotRunning'))}
          {button('restart', t('restart'), true, t('serviceRestartTitle'))}
          {button('recreate', t('recreate'), true, t('serviceRecreateTitle'))}
          {built && button('redeploy', t('redeploy'), true, t('serviceRedeployTitle'))}
          <button
            type="button"
            onClick={() => openLogs({ kind: 'live', stack: stack.name, services: [s.name] }, { follow: true, title: `${stack.name} / ${s.name}` })}
            data-testid="service-logs"
          >
            {t('logs')}
          </button>
          <button
            type="button"
            disabled={s.state !== 'running'}
            title={s.state === 'running' ? t('terminalTitle') : t('terminalOnlyRunning')}
            onClick={() => openTerminal(stack.name, s.name)}
            data-testid="service-terminal"
          >
            {t('terminal')}
          </button>
        </td>
      </tr>
      <tr className={s.failure || s.blockedBy ? 'detail failed' : 'detail'} data-testid={`service-detail-${s.name}`}>
        <td />
        <td colSpan={7}>
          {s.failure && (
            <div className="failure" data-testid="service-failure">
              {s.failure.reason}
              {s.failure.finishedAt && <span className="muted">{t('endedAt', { time: formatDateTime(lang, s.failure.finishedAt) })}</span>}
            </div>
          )}
          <BlockedReason stack={stack} s={s} />
          <Detail d={detail} s={s} />
        </td>
      </tr>
    </>
  );
}
