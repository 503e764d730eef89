// The command line reaches the engine through the same contract as the UI, in process.

import type { BranchyardClient, CallOptions } from '../../shared/api/client.ts';
import { openLocalClient } from '../engine/api/localClient.ts';
import { stderrProgress } from './output.ts';

let client: BranchyardClient | undefined;

export function localApi(): BranchyardClient {
  client ??= openLocalClient();
  return client;
}

/** Call options of a command: Ctrl-C cancels, progress goes to stderr. */
export function callOptions(signal: AbortSignal): CallOptions {
  return { signal, onProgress: stderrProgress };
}
