// The compose corpus: compose files in the shapes real projects use (test/fixtures/compose-corpus,
// one file, or one folder with compose.yaml, per case), each headed by the verdict docker compose
// gives it. Branchyard's validator must accept at least 95% of the files compose accepts, refuse
// every file compose refuses (where the header says, at that line and for that reason), and
// never call a key of the compose specification "unknown".
//
// Header lines:
//   # compose: accepted | refused: <compose's message>
//   # branchyard: refused: <word the refusal names>    (compose runs it, Branchyard cannot, by design)
//   # branchyard: later: <word the refusal names>      (support planned: "not supported by Branchyard yet")
//   # expect: line N: <text of Branchyard's issue>     (where and why it is refused)
// The goal counts every file compose accepts except those whose support is planned (the keys
// refused with "yet"); the rate with them is printed too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BranchyardError, type Issue } from '../../shared/errors/errors.ts';
import { loadStackFile } from '../../electron/engine/stackfile/loadStackFile.ts';

const CORPUS = join(import.meta.dirname, '../fixtures/compose-corpus');
const GOAL = 0.95;

interface Case {
  name: string;
  file: string;
  compose: 'accepted' | 'refused';
  /** Compose runs it but Branchyard refuses it by design: the word its refusal names. */
  branchyardRefuses?: string;
  /** Compose runs it, Branchyard refuses it until the support planned for it lands. */
  later?: boolean;
  expect?: { line: number; text: string };
}

function readCases(): Case[] {
  const cases: Case[] = [];
  for (const entry of readdirSync(CORPUS).sort()) {
    const path = join(CORPUS, entry);
    const file = statSync(path).isDirectory() ? join(path, 'compose.yaml') : path;
    if (!/\.ya?ml$/.test(file) || !existsSync(file)) continue;
    const head = readFileSync(file, 'latin1').split('\n').filter((l) => l.startsWith('#'));
    const verdict = head.map((l) => /^# compose: (accepted|refused)/.exec(l)?.[1]).find(Boolean);
    assert.ok(verdict, `${entry}: no "# compose:" verdict`);
    const c: Case = { name: entry, file, compose: verdict as Case['compose'] };
    for (const l of head) {
      const by = /^# branchyard: (refused|later): (.+)$/.exec(l);
      if (by) Object.assign(c, { branchyardRefuses: by[2].trim(), later: by[1] === 'later' });
      const ex = /^# expect: line (\d+): (.+)$/.exec(l);
      if (ex) c.expect = { line: Number(ex[1]), text: ex[2].trim() };
    }
    cases.push(c);
  }
  return cases;
}

function validate(c: Case): { ok: true } | { ok: false; issues: Issue[] } {
  try {
    // No process environment: the verdicts must not depend on the machine running the test.
    loadStackFile(c.file, readFileSync(c.file, 'utf8'), { env: {}, vars: {} });
    return { ok: true };
  } catch (e) {
    if (e instanceof BranchyardError && e.kind === 'invalid-input') return { ok: false, issues: e.details.issues ?? [{ message: e.message }] };
    throw e;
  }
}

const shown = (issues: Issue[]) => issues.map((i) => `    ${i.line ?? '-'}:${i.col ?? '-'} ${i.field ?? ''}: ${i.message}`).join('\n');

test('the compose corpus: acceptance of what compose accepts, refusal of what it refuses', () => {
  const cases = readCases();
  assert.ok(cases.length >= 120, `the corpus has ${cases.length} files, fewer than 120`);
  const accepted = cases.filter((c) => c.compose === 'accepted');
  const failures: string[] = [];
  const notAccepted: string[] = [];
  let acceptedByUs = 0;

  for (const c of cases) {
    const r = validate(c);
    if (c.compose === 'accepted') {
      if (r.ok) {
        acceptedByUs++;
        if (c.branchyardRefuses) failures.push(`${c.name}: accepted, but the corpus says Branchyard refuses it (${c.branchyardRefuses})`);
        continue;
      }
      notAccepted.push(`  ${c.name}${c.branchyardRefuses ? ` (${c.later ? 'later' : 'by design'}: ${c.branchyardRefuses})` : ''}\n${shown(r.issues)}`);
      // A key of the specification is never "unknown", and a deliberate refusal says so.
      const unknown = r.issues.filter((i) => /unknown key/.test(i.message));
      if (unknown.length) failures.push(`${c.name}: compose accepts it, Branchyard calls a key unknown:\n${shown(unknown)}`);
      if (c.branchyardRefuses) {
        const says = c.later ? /not supported by Branchyard yet/ : /not supported by Branchyard/;
        const named = r.issues.some((i) => says.test(i.message) && i.message.includes(c.branchyardRefuses!));
        if (!named) failures.push(`${c.name}: refused, but no issue says "${says.source}" about ${c.branchyardRefuses}:\n${shown(r.issues)}`);
      }
      continue;
    }
    if (r.ok) {
      failures.push(`${c.name}: compose refuses it, Branchyard accepts it`);
      continue;
    }
    if (c.expect) {
      const { line, text } = c.expect;
      const hit = r.issues.some((i) => i.line === line && `${i.field ?? ''} ${i.message}`.toLowerCase().includes(text.toLowerCase()));
      if (!hit) failures.push(`${c.name}: refused, but not at line ${line} with "${text}":\n${shown(r.issues)}`);
    }
  }

  const counted = accepted.filter((c) => !c.later);
  const rate = acceptedByUs / counted.length;
  const later = accepted.length - counted.length;
  console.log(
    `compose corpus: ${cases.length} files; of the ${accepted.length} that compose accepts, Branchyard accepts ${acceptedByUs} ` +
      `(${((acceptedByUs / accepted.length) * 100).toFixed(1)}%); without the ${later} that wait for planned support, ` +
      `${acceptedByUs} of ${counted.length} (${(rate * 100).toFixed(1)}%, goal ${GOAL * 100}%); compose refuses ${cases.length - accepted.length}`,
  );
  if (notAccepted.length) console.log(`not accepted:\n${notAccepted.join('\n')}`);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.ok(rate >= GOAL, `acceptance ${(rate * 100).toFixed(1)}% is under the goal of ${GOAL * 100}%`);
});
