// The lead sentence shown above an engine error of a known kind; the engine's own English detail
// follows it unchanged (it names files, lines and services, and is what a search engine knows).
export const errors = {
  'invalid-input': 'The input is not valid.',
  'engine-unreachable': 'The Docker engine is not answering.',
  engine: 'The Docker engine refused the operation.',
  'not-found': 'Not found.',
  'service-failed': 'A service failed.',
  timeout: 'The operation timed out.',
  cancelled: 'Cancelled.',
} as const;
