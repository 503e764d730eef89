// Long operations report what they are doing through this callback; the command line prints it
// to stderr, the UI (later) shows it beside the stack. Results never go through it.

export interface ProgressEvent {
  service?: string;
  message: string;
}

export type Progress = (event: ProgressEvent) => void;

export const silent: Progress = () => {};
