// Words every screen uses, and the parts of formatted times and durations.
export const common = {
  justNow: 'just now',
  never: 'never',
  durationDays: '{d} d {h} h',
  durationHours: '{h} h {m} min',
  durationMinutes: '{m} min {s} s',
  durationSeconds: '{s} s',
  cancel: 'Cancel',
  close: 'Close',
  copy: 'Copy',
  copied: 'Copied',
  retry: 'Retry',
  loading: 'loading…',
} as const;
