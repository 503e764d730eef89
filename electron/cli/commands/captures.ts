import type { CaptureManifest } from '../../../shared/api/captures.ts';
import { BranchyardError } from '../../../shared/errors/errors.ts';
import { type Command, jsonOption } from '../command.ts';
import { localApi } from '../localApi.ts';
import { EXIT, printJson, printResult, table } from '../output.ts';

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

export const captures: Command = {
  name: 'captures',
  usage: 'captures [STACK] [--json] | captures show ID [--json]',
  summary: 'list teardown captures, or show what one holds',
  help: [
    'Lists the archives `down` wrote, newest first (ID, STACK, CREATED, SIZE, SERVICES).',
    '`captures show ID` (ID as listed: <stack>/<timestamp>) prints its services with exit codes',
    'and every file with its size and sha256. Archives are in the captureDir setting,',
    'BRANCHYARD_CAPTURE_DIR, else <data dir>/captures.',
  ],
  options: { ...jsonOption },
  positionals: [0, 2],
  async run(v, positionals) {
    if (positionals[0] === 'show' || positionals.length === 2) {
      if (positionals[0] !== 'show' || positionals.length !== 2) {
        throw BranchyardError.invalid([{ field: 'captures', message: 'usage: captures [STACK] | captures show ID' }]);
      }
      const manifest = await localApi().showCapture({ id: positionals[1] });
      if (v.json) printJson(manifest);
      else printResult(formatManifest(manifest));
      return EXIT.ok;
    }
    const list = await localApi().listCaptures(positionals[0] === undefined ? {} : { stack: positionals[0] });
    if (v.json) printJson(list);
    else if (list.length === 0) printResult(positionals[0] ? `no captures of stack ${positionals[0]}` : 'no captures');
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
