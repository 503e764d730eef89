import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityFromFlags } from '../../electron/engine/stacks/resolveStackName.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { branchSlug, checkBranch } from '../../shared/stack/naming.ts';

test('slug rule: lowercase, runs of other characters become one dash', () => {
  assert.equal(branchSlug('feature/login'), 'feature-login');
  assert.equal(branchSlug('Feature/LOGIN_v2.1'), 'feature-login-v2-1');
  assert.equal(branchSlug('release/2026.11'), 'release-2026-11');
  assert.equal(branchSlug('fix/über-bug'), 'fix-ber-bug');
  assert.equal(branchSlug('-x-'), 'x');
  assert.ok(branchSlug('a'.repeat(100)).length <= 40);
});

test('branches git refuses are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['feature login', /white space/],
    ['feature..login', /'\.\.'/],
    ['feature/', /empty path component/],
    ['feature/.hidden', /starting with '\.'/],
    ['x.lock', /\.lock/],
    ['-rf', /starts with '-'/],
    ['a:b', /not allow/],
  ];
  for (const [branch, re] of cases) {
    const r = checkBranch(branch);
    assert.ok('issue' in r, branch);
    assert.match(r.issue.message, re, branch);
    assert.equal(r.issue.field, '--branch');
  }
});

test('a branch of only non-ASCII letters asks for --name', () => {
  const r = checkBranch('功能');
  assert.ok('issue' in r);
  assert.match(r.issue.message, /--name/);
});

test('dots, slashes and non-ASCII letters mixed with ASCII still make a stack name', () => {
  assert.deepEqual(identityFromFlags('hydra', { branch: 'feature/über.login' }), {
    stack: 'hydra-feature-ber-login',
    branch: 'feature/über.login',
    slug: 'feature-ber-login',
  });
});

test('--name is checked and wins over the branch', () => {
  assert.equal(identityFromFlags('hydra', { branch: 'x', name: 'qa-1' }).stack, 'qa-1');
  assert.throws(
    () => identityFromFlags('hydra', { name: 'Bad Name' }),
    (e: unknown) => e instanceof BranchyardError && e.kind === 'invalid-input' && /--name: 'Bad Name' is not a valid stack name/.test(e.message),
  );
});
