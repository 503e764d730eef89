// Several engine endpoints stream one JSON document per line (/events, /containers/{id}/stats);
// chunks split lines anywhere, and a multi-byte character may straddle two chunks.

/** Returns a feeder: give it chunks, it calls `onValue` for every complete JSON line. */
export function parseJsonLines<T>(onValue: (value: T) => void): (chunk: Uint8Array) => void {
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
        onValue(JSON.parse(line) as T);
      } catch {
        // Not JSON (never seen in practice): skip it rather than stop reading.
      }
    }
  };
}
