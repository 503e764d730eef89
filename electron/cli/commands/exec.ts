import { streamPolicy } from '../../../shared/api/contract.ts';
import type { Subscription } from '../../../shared/api/client.ts';
import type { TerminalEvent } from '../../../shared/api/terminal.ts';
import { type BranchyardError, cancelledError } from '../../../shared/errors/errors.ts';
import type { Command } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT } from '../output.ts';

const terminalSize = streamPolicy('terminal').size;

export const exec: Command = {
  name: 'exec',
  usage: 'exec STACK SERVICE [--user U] [--workdir D] [-- CMD...]',
  summary: "run a command in a service's container (default: a shell)",
  help: [
    'Without a command, opens bash if the container has it, else sh. Put `--` before a command that',
    'has options of its own: everything after it goes to the command. When stdin is a terminal the',
    'command gets a TTY (raw keys, window size follows); otherwise stdin and stdout are plain pipes,',
    'as in `echo hi | branchyard exec STACK SERVICE -- cat`. Exit status: the command\'s own.',
  ],
  options: { user: { type: 'string' }, workdir: { type: 'string' } },
  positionals: [2, Number.POSITIVE_INFINITY],
  run(v, [stack, service, ...command], signal) {
    return runExec(
      { stack, service, ...(command.length > 0 ? { command } : {}), user: v.user as string | undefined, workdir: v.workdir as string | undefined },
      signal,
    );
  },
};

interface ExecRequest {
  stack: string;
  service: string;
  command?: string[];
  user?: string;
  workdir?: string;
}

function runExec(req: ExecRequest, signal: AbortSignal): Promise<number> {
  const api = localApi();
  const stdin = process.stdin;
  const tty = Boolean(stdin.isTTY);
  const size = () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
  let session: string | undefined;
  let code: number | null = null;
  let failure: BranchyardError | undefined;
  let inputOpen = false;

  // One input call at a time, stdin paused meanwhile: input order is kept, and a large pipe is
  // read no faster than the container takes it.
  const onInput = (chunk: Buffer) => {
    if (!session) return;
    stdin.pause();
    api.terminalInput({ session, data: new Uint8Array(chunk) }).then(
      () => inputOpen && stdin.resume(),
      () => stopInput(),
    );
  };
  // End of piped input is end of file for the command (a TTY has no such thing: Ctrl-D is a byte).
  const onInputEnd = () => {
    if (session && !tty) void api.terminalInput({ session, eof: true }).catch(() => {});
  };
  const onResize = () => {
    if (session) void api.terminalResize({ session, ...size() }).catch(() => {});
  };

  function startInput(): void {
    inputOpen = true;
    if (tty) {
      // Raw: every key (Ctrl-C included, as byte 3) goes to the container's terminal, not to us.
      stdin.setRawMode(true);
      // stdout's 'resize' is Node's SIGWINCH handler, run after it has read the new size.
      if (process.stdout.isTTY) process.stdout.on('resize', onResize);
    }
    stdin.on('data', onInput);
    stdin.on('end', onInputEnd);
    stdin.resume();
  }

  function stopInput(): void {
    if (!inputOpen) return;
    inputOpen = false;
    stdin.off('data', onInput);
    stdin.off('end', onInputEnd);
    process.stdout.off('resize', onResize);
    if (tty) stdin.setRawMode(false);
    // A paused stdin no longer keeps the process alive.
    stdin.pause();
  }

  return new Promise<number>((resolve, reject) => {
    let sub: Subscription | undefined;
    const onAbort = () => {
      failure = cancelledError();
      // Ends the session engine-side, which also kills what it started in the container.
      sub?.dispose();
    };
    sub = api.subscribe(
      'terminal',
      { ...req, ...size(), tty },
      {
        next(e: TerminalEvent) {
          const n = terminalSize(e);
          if (e.type === 'data') {
            const out = e.stream === 'stderr' ? process.stderr : process.stdout;
            // Acknowledged once written, so a slow terminal or pipe slows the command down.
            out.write(e.data, () => sub?.ack(n));
            return;
          }
          sub?.ack(n);
          if (e.type === 'started') {
            session = e.session;
            startInput();
          } else code = e.code;
        },
        error(e) {
          failure = e;
        },
        end() {
          signal.removeEventListener('abort', onAbort);
          stopInput();
          if (failure) reject(failure);
          else resolve(code ?? EXIT.failed);
        },
      },
      { manualAck: true },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
