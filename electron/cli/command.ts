// The shape of one sub-command. Options are declared for node:util parseArgs, which refuses
// unknown flags, so a typo is a usage error (exit 2) and never silently ignored.

import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  /** e.g. `up FILE [--branch B]` */
  usage: string;
  summary: string;
  /** Lines under the usage in `branchyard CMD --help`. */
  help: string[];
  options: OptionSpec;
  /** How many positionals: [min, max]. */
  positionals: [number, number];
  /** `signal` aborts on Ctrl-C (SIGINT) or SIGTERM: builds stop and clean up after themselves. */
  run(values: Record<string, string | boolean | undefined>, positionals: string[], signal: AbortSignal): Promise<number>;
}

export const jsonOption: OptionSpec = { json: { type: 'boolean' } };
