// On a stack's page: "Update" (up again from its template, through the dialog's plan), and while
// a launch of the stack runs or after it ended, a line that says so and reopens its progress.

import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';

export function LaunchBanner({ stack }: { stack: string }) {
  const t = useT('environments');
  const launch = useApp((s) => s.launches[stack]);
  const open = useApp((s) => s.openEnvironmentDialog);
  const forget = useApp((s) => s.forgetLaunch);
  if (!launch) return null;
  const text = launch.state === 'running' ? t(launch.mode === 'update' ? 'banner_updating' : 'banner_starting') : t(`banner_${launch.state}`);
  return (
    <p className={`launch-banner ${launch.state}`} data-testid="launch-banner" data-state={launch.state}>
      {text}{' '}
      <button type="button" onClick={() => open({ mode: 'progress', stack })} data-testid="launch-show">
        {t('showProgress')}
      </button>
      {launch.state !== 'running' && (
        <button type="button" onClick={() => forget(stack)} aria-label={t('dismiss')} title={t('dismiss')}>
          ×
        </button>
      )}
    </p>
  );
}

export function UpdateButton({ stack, disabled }: { stack: string; disabled?: boolean }) {
  const t = useT('environments');
  const open = useApp((s) => s.openEnvironmentDialog);
  const running = useApp((s) => s.launches[stack]?.state === 'running');
  return (
    <button type="button" disabled={disabled || running} onClick={() => open({ mode: 'update', stack })} data-testid="stack-update" title={t('updateTitle')}>
      {t('update')}
    </button>
  );
}
