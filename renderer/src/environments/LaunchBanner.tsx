// On a stack's page: "Update" (up again from its template, through the dialog's plan), and while
// a launch of the stack runs or after it ended, a line that says so and reopens its progress.

import { useApp } from '../store/appStore.ts';

export function LaunchBanner({ stack }: { stack: string }) {
  const launch = useApp((s) => s.launches[stack]);
  const open = useApp((s) => s.openEnvironmentDialog);
  const forget = useApp((s) => s.forgetLaunch);
  if (!launch) return null;
  const text =
    launch.state === 'running' ? `${launch.mode === 'update' ? 'Updating' : 'Starting'}…` : launch.state === 'ready' ? 'Ready.' : launch.state === 'cancelled' ? 'Start cancelled.' : 'Start failed.';
  return (
    <p className={`launch-banner ${launch.state}`} data-testid="launch-banner">
      {text}{' '}
      <button type="button" onClick={() => open({ mode: 'progress', stack })} data-testid="launch-show">
        Show progress
      </button>
      {launch.state !== 'running' && (
        <button type="button" onClick={() => forget(stack)} aria-label="Dismiss">
          ×
        </button>
      )}
    </p>
  );
}

export function UpdateButton({ stack, disabled }: { stack: string; disabled?: boolean }) {
  const open = useApp((s) => s.openEnvironmentDialog);
  const running = useApp((s) => s.launches[stack]?.state === 'running');
  return (
    <button type="button" disabled={disabled || running} onClick={() => open({ mode: 'update', stack })} data-testid="stack-update" title="Up again from the template: see what changes first">
      Update
    </button>
  );
}
