// The command line reaches the engine through the same contract as the UI, in process.
// The engine (dockerode and every handler) is loaded by main() just before a command runs, not
// when the command line starts: `--help` and usage errors never pay for it.

import type { BranchyardClient, CallOptions } from '../../shared/api/client.ts';
import { stderrProgress } from './output.ts';

let engine: typeof import('../engine/api/localClient.ts') | undefined;
let client: BranchyardClient | undefined;

export async function loadEngine(): Promise<void> {
  engine ??= await import('../engine/api/localClient.ts');
}

export function localApi(): BranchyardClient {
  if (!engine) throw new Error('internal: localApi() before loadEngine()');
  client ??= engine.openLocalClient();
  return client;
}

/** Call options of a command: Ctrl-C cancels, progress goes to stderr. */
export function callOptions(signal: AbortSignal): CallOptions {
  return { signal, onProgress: stderrProgress };
}
