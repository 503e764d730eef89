// How messages show text from a file: control characters escaped, a value cut to its first line
// and a length that fits an error line.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BranchyardError, formatIssue } from '../../shared/errors/errors.ts';
import { escapeControls } from '../../shared/text/escapeControls.ts';
import { clip, MAX_QUOTED_CHARS, quote, snippet } from '../../shared/text/quote.ts';

test('control characters become visible escapes; line breaks and tabs stay in a message', () => {
  assert.equal(escapeControls('a\x1b[2Jb\x07c\rd\x7fe\x9bf'), 'a\\x1b[2Jb\\x07c\\rd\\x7fe\\x9bf');
  assert.equal(escapeControls('two\nlines\tand a tab'), 'two\nlines\tand a tab');
  assert.equal(escapeControls('two\nlines', false), 'two\\nlines');
  assert.equal(escapeControls('evil\u202egnp.exe \u2066x\u2069'), 'evil\\u{202e}gnp.exe \\u{2066}x\\u{2069}');
  assert.equal(escapeControls('ünïcödé 功能 ✓'), 'ünïcödé 功能 ✓');
});

test('escaping twice changes nothing', () => {
  const once = escapeControls('\x1b]0;title\x07\r\n');
  assert.equal(escapeControls(once), once);
});

test('a quoted value is its first line, trimmed, escaped', () => {
  assert.equal(quote('mysqll'), "'mysqll'");
  assert.equal(quote('first\nsecond secret'), "'first…'");
  assert.equal(quote('a\x1bb', '"'), '"a\\x1bb"');
  const long = 'x'.repeat(5000);
  assert.equal(snippet(long), `${'x'.repeat(MAX_QUOTED_CHARS)}…`);
  // Cut by code points: a character outside the BMP is never split.
  assert.equal(clip('😀'.repeat(3), 2), '😀😀…');
  assert.equal(clip('short', 10), 'short');
});

test('a formatted issue is one line, without raw control characters, for every face', () => {
  const issue = { file: 'x.yml', line: 5, col: 5, field: 'services.app.\x1b[2J', message: "unknown key '\x1b[2J'\nnext" };
  assert.equal(formatIssue(issue), "x.yml:5:5: services.app.\\x1b[2J: unknown key '\\x1b[2J'\\nnext");
  const e = BranchyardError.invalid([issue, { ...issue, line: 6 }]);
  assert.doesNotMatch(e.message, /\x1b/);
  assert.equal(e.message.split('\n').length, 3, 'a heading and one line per issue');
});
