// The engine's /events endpoint sends one JSON object per line; chunks split lines anywhere.

import { parseJsonLines } from '../docker/jsonLines.ts';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  /** When it happened, in nanoseconds since the epoch. */
  timeNano?: number;
  /** The older form of Actor.ID, still sent for container events. */
  id?: string;
}

/** Returns a feeder: give it chunks, it calls `onEvent` for every complete JSON line. */
export function parseEngineEvents(onEvent: (e: EngineEvent) => void): (chunk: Uint8Array) => void {
  return parseJsonLines<EngineEvent>(onEvent);
}
