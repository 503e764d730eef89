import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { formatLine } from '../../electron/cli/commands/logs.ts';
import { stripAnsi } from '../../electron/engine/logs/ansi.ts';
import { checkExportParams, checkLogsParams, checkSearchParams, lineMatcher } from '../../electron/engine/logs/logParams.ts';

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof BranchyardError && e.kind === 'invalid-input', String(e));
    return e.details.issues?.[0].field;
  }
  assert.fail('expected invalid input');
};

const live = { kind: 'live', stack: 'web-main' };

test('logs params: source, follow, since, tail are checked and named', () => {
  const p = checkLogsParams({ source: { ...live, services: ['db'] }, follow: true, since: '1763720100', tail: 5 });
  assert.deepEqual(p, { source: { ...live, services: ['db'] }, follow: true, followRestarts: false, since: 1763720100n * 1_000_000_000n, tail: 5 });
  assert.equal(checkLogsParams({ source: live, follow: true, followRestarts: true }).followRestarts, true);
  assert.equal(fieldOf(() => checkLogsParams({ source: live, followRestarts: true })), 'followRestarts', 'only a followed log follows restarts');
  assert.equal(fieldOf(() => checkLogsParams({ source: live, follow: true, followRestarts: 1 })), 'followRestarts');
  assert.equal(fieldOf(() => checkLogsParams({ source: { kind: 'file' } })), 'source.kind');
  assert.equal(fieldOf(() => checkLogsParams({ source: { kind: 'live', stack: '' } })), 'source.stack');
  assert.equal(fieldOf(() => checkLogsParams({ source: { ...live, services: ['db', 3] } })), 'source.services[1]');
  assert.equal(fieldOf(() => checkLogsParams({ source: live, tail: -1 })), 'tail');
  assert.equal(fieldOf(() => checkLogsParams({ source: live, tail: 1.5 })), 'tail');
  assert.equal(fieldOf(() => checkLogsParams({ source: live, follow: 'yes' })), 'follow');
  assert.equal(fieldOf(() => checkLogsParams({ source: live, since: 'soon' })), 'since');
  assert.equal(fieldOf(() => checkLogsParams({ source: { kind: 'capture', id: 'a/b' }, follow: true })), 'follow');
});

test('search and export params', () => {
  assert.equal(checkSearchParams({ source: live, pattern: 'x' }).limit, 1000);
  assert.equal(fieldOf(() => checkSearchParams({ source: live, pattern: '' })), 'pattern');
  assert.equal(fieldOf(() => checkSearchParams({ source: live, pattern: 'x', limit: 0 })), 'limit');
  assert.equal(fieldOf(() => checkSearchParams({ source: live, pattern: 'a(', regex: true })), 'pattern');
  assert.equal(fieldOf(() => checkExportParams({ source: live, path: 'out.log' })), 'path');
  assert.equal(fieldOf(() => checkExportParams({ source: live, path: '/tmp/out.log', grep: { pattern: '[', regex: true } })), 'grep.pattern');
});

test('matching: substring or regex, case-insensitive by default, ANSI ignored', () => {
  const red = '\x1b[31mERROR\x1b[0m: disk full';
  assert.equal(lineMatcher({ pattern: 'error: disk' })(red), true);
  assert.equal(lineMatcher({ pattern: 'error: disk', caseSensitive: true })(red), false);
  assert.equal(lineMatcher({ pattern: '^ERROR: \\w+ full$', regex: true, caseSensitive: true })(red), true);
  assert.equal(lineMatcher({ pattern: 'warn' })(red), false);
  assert.equal(stripAnsi('\x1b[1;32mok\x1b[0m \x1b]0;title\x07done'), 'ok done');
});

test('the command line\'s line format marks stderr and strips ANSI unless asked to keep it', () => {
  const line = { service: 'db', stream: 'stderr' as const, ts: '2026-11-21T10:15:00.000000001Z', text: '\x1b[31moops\x1b[0m' };
  assert.equal(formatLine(line, { width: 3, timestamps: false, ansi: false }), 'db!  | oops\n');
  assert.equal(formatLine({ ...line, stream: 'stdout' }, { width: 3, timestamps: false, ansi: true }), 'db   | \x1b[31moops\x1b[0m\n');
  assert.equal(formatLine(line, { width: 2, timestamps: true, ansi: false }), '2026-11-21T10:15:00.000000001Z db! | oops\n');
});
