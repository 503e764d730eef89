// What every transport's port keeps the same way, whatever carries the bytes (a WebSocket, a
// MessagePort, Electron's MessagePortMain): the one receiver of messages, and the listeners of
// the end of the connection, told once. An adapter adds only how to send and when it ended.

export interface PortEnds<In> {
  readonly closed: boolean;
  /** Hands a received message to the receiver (dropped once closed). */
  deliver(message: In): void;
  /** The connection is over: every close listener runs, once. */
  end(): void;
  /** Port.onMessage. `onFirstReceiver` runs when the first receiver registers. */
  onMessage(receive: (message: In) => void): () => void;
  /** Port.onClose: every listener is called, once (at once if already closed). */
  onClose(closed: () => void): void;
}

export function portEnds<In>(onFirstReceiver?: () => void): PortEnds<In> {
  let receive: ((m: In) => void) | undefined;
  let closers: (() => void)[] = [];
  let closed = false;
  let listened = false;
  return {
    get closed() {
      return closed;
    },
    deliver(message) {
      if (!closed) receive?.(message);
    },
    end() {
      if (closed) return;
      closed = true;
      const run = closers;
      closers = [];
      for (const c of run) c();
    },
    onMessage(r) {
      receive = r;
      if (!listened) {
        listened = true;
        onFirstReceiver?.();
      }
      return () => {
        if (receive === r) receive = undefined;
      };
    },
    onClose(c) {
      if (closed) queueMicrotask(c);
      else closers.push(c);
    },
  };
}
