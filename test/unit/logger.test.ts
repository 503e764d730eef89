// The engine's log file: lines at or above the level, control characters escaped, rotation at
// the size limit keeping the newest generations.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { log, logToFile, logged } from '../../electron/engine/log/logger.ts';

test('the engine log writes what reaches its level, escaped, and rotates at its size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-log-'));
  try {
    const file = logToFile({ folder: join(dir, 'logs'), maxBytes: 400, keep: 2, level: 'info' });
    log.debug('not written');
    log.warn('a warning with \x1b[31mESC\x1b[0m', new Error('the reason'));
    logged('error', 'removing a container')(new Error('gone'));
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /not written/);
    assert.match(text, /^\S+Z warn a warning with \\x1b\[31mESC\\x1b\[0m: the reason$/m);
    assert.match(text, /^\S+Z error removing a container failed: gone$/m);
    for (let i = 0; i < 40; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    assert.ok(existsSync(`${file}.1`) && existsSync(`${file}.2`), 'two old generations');
    assert.ok(!existsSync(`${file}.3`), 'and no more');
    assert.ok(readFileSync(file, 'utf8').length <= 400);
    assert.match(readFileSync(file, 'utf8'), /line 39 /, 'the newest line is in the current file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
