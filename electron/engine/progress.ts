// Long operations report what they are doing through this callback; the command line prints the
// message to stderr, the app draws a row per service from the structured fields. Results never go
// through it.

import type { ProgressEvent } from '../../shared/api/stacks.ts';

export type { ProgressEvent };

export type Progress = (event: ProgressEvent) => void;

export const silent: Progress = () => {};
