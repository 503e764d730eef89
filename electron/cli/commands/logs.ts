import type { Subscription } from '../../../shared/api/client.ts';
import { streamPolicy } from '../../../shared/api/contract.ts';
import type { LogLine, LogsEvent, LogsParams, LogSource } from '../../../shared/api/logs.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { stripAnsi } from '../../engine/logs/ansi.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printMessage } from '../output.ts';

/** `web  | text` for stdout, `web! | text` for stderr, names padded to the longest seen so far. */
export function formatLine(l: LogLine, o: { width: number; timestamps: boolean; ansi: boolean }): string {
  const name = `${l.service}${l.marker ? '*' : l.stream === 'stderr' ? '!' : ''}`.padEnd(o.width + 1);
  const text = o.ansi ? l.text : stripAnsi(l.text);
  return `${o.timestamps ? `${l.ts} ` : ''}${name} | ${text}\n`;
}

function tailOf(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw BranchyardError.invalid([{ field: '--tail', message: `'${value}' is not a number of lines` }]);
  }
  return n;
}

function grepOf(value: string | boolean | undefined): RegExp | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new RegExp(value, 'i');
  } catch (e) {
    throw BranchyardError.invalid([{ field: '--grep', message: (e as Error).message }]);
  }
}

/** `--capture ID`: a full `<stack>/<timestamp>` id, or only the timestamp part for STACK. */
function sourceOf(stack: string, services: string[], capture: string | boolean | undefined): LogSource {
  const s = services.length > 0 ? { services } : {};
  if (typeof capture !== 'string') return { kind: 'live', stack, ...s };
  return { kind: 'capture', id: capture.includes('/') ? capture : `${stack}/${capture}`, ...s };
}

export const logs: Command = {
  name: 'logs',
  usage: 'logs STACK [SERVICE...] [-f [--follow-restarts]] [--since S] [--tail N] [--timestamps] [--grep RE] [--capture ID] [--json]',
  summary: "show a stack's container logs (or a capture's), merged in time order",
  help: [
    'Lines of every service (or of the SERVICEs named) are merged by time:',
    '  web  | a line the container wrote to stdout',
    '  web! | a line it wrote to stderr (also printed on stdout, marked by the !)',
    'Lines the engine split at 16 KiB come out whole. ANSI colour codes are passed through when',
    'stdout is a terminal and removed otherwise. Notices (a resumed follow stream) go to stderr.',
    '',
    '  -f, --follow      keep printing new lines; ends when every container has stopped, or on Ctrl-C',
    '  --follow-restarts with -f: follow each service, not each container: go on through restarts',
    '                    and recreations (a redeploy) with a marker line `web* | ── restarted ──`,',
    '                    and pick up services that start later; ends only on Ctrl-C',
    '  --since S         only lines since S: RFC 3339 (2026-11-21T10:15:00Z), Unix seconds, or a',
    '                    duration back from now (30s, 10m, 2h)',
    '  --tail N          only the last N lines of each service, then (with -f) new ones',
    '  --timestamps      print the engine\'s timestamp before each line',
    '  --grep RE         only lines matching the regular expression RE (case-insensitive; ANSI',
    '                    codes are ignored when matching)',
    '  --capture ID      the logs kept in a teardown capture: ID is <stack>/<timestamp> or just',
    '                    the <timestamp> of STACK (see branchyard captures)',
    '  --json            one JSON object per line: {"ts","service","stream","text"}',
    'Output is written with back-pressure: a slow reader (a pager) slows the engine side down',
    'instead of filling memory.',
  ],
  options: {
    ...jsonOption,
    follow: { type: 'boolean', short: 'f' },
    'follow-restarts': { type: 'boolean' },
    since: { type: 'string' },
    tail: { type: 'string' },
    timestamps: { type: 'boolean' },
    grep: { type: 'string' },
    capture: { type: 'string' },
  },
  positionals: [1, Number.POSITIVE_INFINITY],
  // A follow runs until Ctrl-C: that is how it ends, not a failure (exit 0, as before).
  runsUntilStopped: (v) => Boolean(v.follow),
  async run(v, [stack, ...services], signal) {
    const tail = tailOf(v.tail);
    const grep = grepOf(v.grep);
    const params: LogsParams = {
      source: sourceOf(stack, services, v.capture),
      follow: Boolean(v.follow),
      ...(v['follow-restarts'] ? { followRestarts: true } : {}),
      ...(typeof v.since === 'string' ? { since: v.since } : {}),
      ...(tail !== undefined ? { tail } : {}),
    };
    const json = Boolean(v.json);
    const style = { width: 0, timestamps: Boolean(v.timestamps), ansi: Boolean(process.stdout.isTTY) };
    const size = streamPolicy('logs').size;
    let failure: BranchyardError | undefined;
    let sub: Subscription | undefined;
    // Text of one batch is gathered and written at once; its bytes are acknowledged to the engine
    // only when stdout has taken it, so the engine pauses while the reader is slow.
    let pending = '';
    let pendingBytes = 0;
    let writes = Promise.resolve();
    let stdoutGone = false;
    const flush = () => {
      const text = pending;
      const bytes = pendingBytes;
      pending = '';
      pendingBytes = 0;
      if (stdoutGone) return;
      if (text === '') {
        sub?.ack(bytes);
        return;
      }
      writes = new Promise((resolve) => {
        process.stdout.write(text, (err) => {
          if (err) stdoutGone = true;
          else sub?.ack(bytes);
          resolve();
        });
      });
    };
    const onEvent = (e: LogsEvent) => {
      if (pending === '' && pendingBytes === 0) queueMicrotask(flush);
      pendingBytes += size(e);
      if (e.type === 'notice') printMessage(`notice: ${e.service ? `[${e.service}] ` : ''}${e.message}`);
      if (e.type !== 'line') return;
      if (grep && !grep.test(stripAnsi(e.text))) return;
      if (json) {
        pending += `${JSON.stringify({ ts: e.ts, service: e.service, stream: e.stream, text: e.text })}\n`;
        return;
      }
      style.width = Math.max(style.width, e.service.length);
      pending += formatLine(e, style);
    };
    const onStdoutError = () => {
      // The reader went away (`| head`): stop the stream, as Ctrl-C would.
      stdoutGone = true;
      sub?.dispose();
    };
    process.stdout.on('error', onStdoutError);
    const onAbort = () => sub?.dispose();
    try {
      sub = localApi().subscribe('logs', params, { next: onEvent, error: (e) => (failure = e) }, { manualAck: true });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) sub.dispose();
      await sub.ended;
      flush();
      await writes;
    } finally {
      signal.removeEventListener('abort', onAbort);
      process.stdout.off('error', onStdoutError);
    }
    if (failure && !signal.aborted) throw failure;
    return EXIT.ok;
  },
};
