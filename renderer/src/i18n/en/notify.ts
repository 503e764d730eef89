// Desktop notifications (an environment ready or failed, a teardown done) and their switch.
export const notify = {
  on: 'Desktop notifications on',
  blocked: 'Desktop notifications are blocked in this browser’s settings for this site',
  turnOn: 'Turn on desktop notifications',
  failedTitle: '{stack} failed',
  unhealthy: '{service} is unhealthy',
  restarting: '{service} keeps restarting',
  dead: '{service} is dead',
  exited: '{service} exited with {code}',
  failureSeparator: '; ',
  readyTitle: '{stack} is ready',
  readyBody: { one: '{running} of {count} service running', other: '{running} of {count} services running' },
  branch: 'branch {branch}',
  tornDownTitle: '{stack} torn down',
  logsCaptured: 'logs captured in {archive}',
  teardownFailedTitle: 'Teardown of {stack} failed',
  launchFailedTitle: '{stack} failed to start',
} as const;
