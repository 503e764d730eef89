// Interactive exec sessions with a TTY. Output travels as Uint8Array (never decoded on the way:
// the viewer's terminal decodes), input too. Flow control: the viewer acknowledges the bytes it
// has rendered (Subscription.ack); the engine pauses the exec above a high watermark.

export interface TerminalParams {
  stack: string;
  service: string;
  /** The command to run; default: bash if the container has it, else sh. */
  command?: string[];
  user?: string;
  workdir?: string;
  cols: number;
  rows: number;
}

export type TerminalEvent =
  | { type: 'started'; session: string; command: string[] }
  | { type: 'data'; data: Uint8Array }
  /** The process ended; code is null when it could not be read. */
  | { type: 'exit'; code: number | null };

export interface TerminalInputParams {
  session: string;
  data: Uint8Array;
}

export interface TerminalResizeParams {
  session: string;
  cols: number;
  rows: number;
}
