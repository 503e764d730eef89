// The key catalogue (shared/stack/composeKeys.ts) and the reference in docs/stack-file.md say the
// same: the document's table of every key is exactly the catalogue's, so neither can drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyReference } from '../../shared/stack/composeKeyReference.ts';

test('docs/stack-file.md holds the table of every compose key, as the parser knows them', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/stack-file.md'), 'utf8');
  const m = /<!-- compose keys: begin -->\n([\s\S]*?)\n<!-- compose keys: end -->/.exec(doc);
  assert.ok(m, 'the markers <!-- compose keys: begin/end --> are missing');
  assert.equal(m[1], keyReference(), 'regenerate the table with keyReference() of shared/stack/composeKeyReference.ts');
});
