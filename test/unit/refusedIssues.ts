// For the parser's tests: the issues a refused file raises.
import assert from 'node:assert/strict';
import { BranchyardError, type Issue } from '../../shared/errors/errors.ts';

/** Runs `read` (a parse) and returns the issues it was refused with; fails when it is accepted. */
export function refusedIssues(read: () => unknown): Issue[] {
  try {
    read();
  } catch (e) {
    assert.ok(e instanceof BranchyardError, `not a BranchyardError: ${e}`);
    return e.details.issues ?? [];
  }
  assert.fail('expected the file to be refused');
}
