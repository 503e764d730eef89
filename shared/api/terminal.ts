// Exec sessions in a service's container. Output travels as Uint8Array (never decoded on the way:
// the viewer's terminal decodes, so a multi-byte character split across chunks stays whole), input
// too. Flow control: the viewer acknowledges the bytes it has drawn (Subscription.ack); the engine
// pauses the exec above the terminal policy's high watermark (see CONTRACT in contract.ts).

export interface TerminalParams {
  stack: string;
  service: string;
  /** The command to run; default: bash if the container has it, else sh. */
  command?: string[];
  user?: string;
  /** An absolute path in the container. */
  workdir?: string;
  cols: number;
  rows: number;
  /**
   * true (the default): a TTY, raw bytes both ways, resizable. false: plain pipes, as
   * `docker exec -i` without `-t`: output comes with its stream (stdout or stderr) and input can
   * be closed (terminalInput with eof), so `echo hi | branchyard exec s svc -- cat` ends.
   */
  tty?: boolean;
}

export type TerminalEvent =
  /**
   * First event: the session id for terminalInput/terminalResize, the command that runs, and the
   * id of the container it runs in (a viewer compares it with the service's container of the
   * moment: after a redeploy or recreate they differ, and it offers to reconnect).
   */
  | { type: 'started'; session: string; command: string[]; container: string }
  /** Output bytes; `stream` is set only without a TTY (a TTY merges stdout and stderr). */
  | { type: 'data'; data: Uint8Array; stream?: 'stdout' | 'stderr' }
  /** The process ended; code is null when it could not be read. The stream ends after this. */
  | { type: 'exit'; code: number | null };

export interface TerminalInputParams {
  session: string;
  /** Bytes for the process's stdin (keys typed, pasted text, piped input). */
  data?: Uint8Array;
  /** Close the process's stdin after `data` (sessions without a TTY: the reader sees end of file). */
  eof?: boolean;
}

export interface TerminalResizeParams {
  session: string;
  cols: number;
  rows: number;
}
