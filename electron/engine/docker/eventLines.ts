// The engine's /events endpoint sends one JSON object per line; chunks split lines anywhere.

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
  const decoder = new TextDecoder();
  let rest = '';
  return (chunk) => {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (!line) continue;
      try {
        onEvent(JSON.parse(line) as EngineEvent);
      } catch {
        // Not an event (never seen in practice): skip it rather than stop watching.
      }
    }
  };
}
