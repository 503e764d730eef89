// `branchyard captures`: the teardown archives from the command line, as the app's Captures
// screen has them: list, show one, print one of its files, remove, apply the retention setting.

import type { CaptureFilePage, CaptureManifest, PruneResult } from '../../../shared/api/captures.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { stripAnsi } from '../../engine/logs/ansi.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printResult, table, toJson } from '../output.ts';

const USAGE =
  'captures [ls] [STACK] [--json] | captures show ID [--json] | captures cat ID PATH [--offset N] [--limit N] [--bytes] [--timestamps] [--json] | captures rm ID... | captures prune [--dry-run] [--json]';

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

function usage(message: string): BranchyardError {
  return BranchyardError.invalid([{ field: 'captures', message: `${message}; usage: ${USAGE}` }]);
}

function formatManifest(m: CaptureManifest): string {
  const out = [
    `capture ${m.id}`,
    `stack ${m.stack} (template ${m.template || '-'}${m.branch ? `, branch ${m.branch}` : ''}), created ${m.createdAt}`,
    '',
    table(
      ['SERVICE', 'STATE', 'EXIT', 'STDOUT', 'STDERR', 'IMAGE', 'COMMIT'],
      m.services.map((s) => [
        s.name,
        s.state,
        s.exitCode === undefined ? '-' : `${s.exitCode}${s.stoppedByTeardown ? ' (stopped)' : ''}`,
        `${s.logLines.stdout} lines`,
        `${s.logLines.stderr} lines`,
        s.image,
        s.commit?.slice(0, 12) ?? '-',
      ]),
    ),
    '',
    table(
      ['FILE', 'SIZE', 'SHA256'],
      m.files.map((f) => [f.path, formatBytes(f.bytes), f.sha256]),
    ),
  ];
  const notes = m.services.flatMap((s) => [
    ...(s.missing ?? []).map((x) => `${s.name}: missing ${x.path}: ${x.reason}`),
    ...(s.skipped ?? []).map((x) => `${s.name}: skipped ${x.path}: ${x.reason}`),
  ]);
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}

function describePrune(r: PruneResult): string {
  const verb = r.dryRun ? 'would remove' : 'removed';
  const lines = r.expired.map((e) => `${verb} ${e.id} (${formatBytes(e.bytes)}, created ${e.createdAt}): ${e.reason === 'age' ? 'older than the days kept' : 'over the size limit'}`);
  lines.push(`${r.expired.length === 0 ? 'nothing to remove; ' : ''}${r.kept} captures kept (${formatBytes(r.keptBytes)})`);
  return lines.join('\n');
}

/** A whole number option (`--offset`, `--limit`), or undefined. */
function count(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw BranchyardError.invalid([{ field: flag, message: `'${String(value)}' is not a whole number` }]);
  }
  return Number(value);
}

function write(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
}

/** One page as the terminal shows it: lines (a log's with its timestamp if asked), or the bytes as they are. */
function pageOutput(page: CaptureFilePage, o: { timestamps: boolean; ansi: boolean }): string | Uint8Array {
  if (page.format === 'bytes') return page.data;
  if (page.format === 'log') return page.lines.map((l) => `${o.timestamps ? `${l.ts} ` : ''}${o.ansi ? l.text : stripAnsi(l.text)}\n`).join('');
  if (page.format === 'text') return page.lines.map((l) => `${o.ansi ? l : stripAnsi(l)}\n`).join('');
  return '';
}

/**
 * Prints a file of a capture: one page (--offset/--limit), or all of it page by page, so a log of
 * hundreds of MB never sits in memory.
 */
async function cat(id: string, path: string, v: Record<string, string | boolean | undefined>): Promise<number> {
  const unit = v.bytes ? 'bytes' : 'lines';
  const offset = count(v.offset, '--offset');
  const limit = count(v.limit, '--limit');
  const o = { timestamps: Boolean(v.timestamps), ansi: Boolean(process.stdout.isTTY) };
  let next: number | null = offset ?? 0;
  while (next !== null) {
    const page: CaptureFilePage = await localApi().readCaptureFile({ id, path, unit, offset: next, ...(limit !== undefined ? { limit } : {}) });
    if (page.format === 'binary') throw new BranchyardError('invalid-input', `${path} of capture ${id} is not text: print it with --bytes`);
    if (v.json) await write(`${toJson(page.format === 'bytes' ? { ...page, data: Buffer.from(page.data).toString('base64') } : page)}\n`);
    else await write(pageOutput(page, o));
    // One page when asked for a window of the file; else the whole file.
    next = limit !== undefined ? null : page.nextOffset;
  }
  return EXIT.ok;
}

export const captures: Command = {
  name: 'captures',
  usage: USAGE,
  summary: 'list teardown captures, show or print what one holds, remove them',
  help: [
    'Lists the archives `down` wrote, newest first (ID, STACK, CREATED, SIZE, SERVICES); `ls STACK` those of one',
    'stack (`captures STACK` too, unless the stack is named like a sub-command).',
    '`show ID` (ID as listed: <stack>/<timestamp>) prints its services with exit codes and every file with its',
    'size and sha256.',
    '`cat ID PATH` prints one file (PATH as `show` lists it): a log as its lines (--timestamps: each with its',
    'time), other files as they are; --offset N and --limit N print one page (lines from line N, 0-based),',
    '--bytes the stored bytes from byte N (a log\'s with the engine\'s timestamps).',
    '`rm ID...` removes archives. `prune` applies the captureRetention setting now (after each teardown it',
    'is applied anyway; --dry-run only lists what it would remove).',
    'Archives are in the captureDir setting, BRANCHYARD_CAPTURE_DIR, else <data dir>/captures.',
  ],
  options: {
    offset: { type: 'string' },
    limit: { type: 'string' },
    bytes: { type: 'boolean' },
    timestamps: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    ...jsonOption,
  },
  positionals: [0, 64],
  async run(v, positionals) {
    const [verb, ...args] = positionals;
    const catOnly = ['offset', 'limit', 'bytes', 'timestamps'].filter((k) => v[k] !== undefined);
    if (verb !== 'cat' && catOnly.length) throw usage(`--${catOnly[0]} goes with cat`);
    if (verb !== 'prune' && v['dry-run']) throw usage('--dry-run goes with prune');
    if (verb === 'show') {
      if (args.length !== 1) throw usage('show needs one ID');
      const manifest = await localApi().showCapture({ id: args[0] });
      if (v.json) printJson(manifest);
      else printResult(formatManifest(manifest));
      return EXIT.ok;
    }
    if (verb === 'cat') {
      if (args.length !== 2) throw usage('cat needs an ID and a PATH');
      return cat(args[0], args[1], v);
    }
    if (verb === 'rm') {
      if (args.length === 0) throw usage('rm needs at least one ID');
      const removed = [];
      for (const id of args) removed.push(await localApi().removeCapture({ id }));
      if (v.json) printJson(removed);
      else printResult(removed.map((r) => `removed capture ${r.id} (${formatBytes(r.bytes)})`).join('\n'));
      return EXIT.ok;
    }
    if (verb === 'prune') {
      if (args.length) throw usage('prune takes no arguments');
      const r = await localApi().pruneCaptures({ dryRun: Boolean(v['dry-run']) });
      if (v.json) printJson(r);
      else printResult(describePrune(r));
      return EXIT.ok;
    }
    const stacks = verb === 'ls' ? args : positionals;
    if (stacks.length > 1) throw usage(verb === 'ls' || verb === undefined ? 'list one stack at a time' : `unknown sub-command '${verb}'`);
    const stack = stacks[0];
    const list = await localApi().listCaptures(stack === undefined ? {} : { stack });
    if (v.json) printJson(list);
    else if (list.length === 0) printResult(stack ? `no captures of stack ${stack}` : 'no captures');
    else {
      printResult(
        table(
          ['ID', 'STACK', 'CREATED', 'SIZE', 'SERVICES'],
          list.map((c) => [c.id, c.stack, c.createdAt, formatBytes(c.bytes), c.services.join(',')]),
        ),
      );
    }
    return EXIT.ok;
  },
};
