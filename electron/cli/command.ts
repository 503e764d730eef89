// The shape of one sub-command. Options are declared for node:util parseArgs, which refuses
// unknown flags, so a typo is a usage error (exit 2) and never silently ignored.

import type { ParseArgsConfig } from 'node:util';
import { BranchyardError } from '../../shared/errors/errors.ts';

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
  /**
   * A command that runs until it is stopped (serve): Ctrl-C is its normal end, so its own exit
   * status stands instead of 128 + the signal.
   */
  runsUntilStopped?: boolean | ((values: Record<string, string | boolean | undefined>) => boolean);
  /** `signal` aborts on Ctrl-C (SIGINT) or SIGTERM: builds stop and clean up after themselves. */
  run(values: Record<string, string | boolean | undefined>, positionals: string[], signal: AbortSignal): Promise<number>;
}

export const jsonOption: OptionSpec = { json: { type: 'boolean' } };

/** `--profile P`, as often as wanted (or `--profile a,b`): compose profiles to activate. */
export const profileOption: OptionSpec = { profile: { type: 'string', multiple: true } };

/** The profiles given with --profile, or undefined (then COMPOSE_PROFILES applies, as in compose). */
export function profilesFlag(values: Record<string, unknown>): string[] | undefined {
  const given = values.profile as string[] | undefined;
  return given ? given.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean) : undefined;
}

/**
 * Default of `--timeout` (the engine's DEFAULT_TIMEOUT_S, checked by test/unit/cliStartup.test.ts):
 * a constant here so that the help text does not load the engine.
 */
export const DEFAULT_TIMEOUT_S = 300;

/** `--timeout S`: a positive number of seconds, or the default. */
export function timeoutSeconds(value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw BranchyardError.invalid([{ field: '--timeout', message: `'${value}' is not a number of seconds` }]);
  }
  return n;
}
