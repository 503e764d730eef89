// Every HTTP response of the engine's log endpoint that is open right now. A follow stream that is
// never closed keeps dockerd re-reading the log file, so tests check this is empty once their
// viewer has gone; a test can also destroy one to play a dropped connection.

export interface OpenEngineStream {
  containerId: string;
  service: string;
  /** `follow` streams stay open; `history` and `probe` end by themselves. */
  purpose: 'follow' | 'history' | 'probe';
  /** Tears the connection down, as a network failure would. */
  destroy(): void;
  /** True while reading is paused (the viewer is behind): the engine's data waits in the socket. */
  paused(): boolean;
}

const open = new Set<OpenEngineStream>();

/** Registers a stream; the function returned unregisters it. */
export function trackEngineStream(stream: OpenEngineStream): () => void {
  open.add(stream);
  return () => open.delete(stream);
}

export function openEngineStreams(): OpenEngineStream[] {
  return [...open];
}
