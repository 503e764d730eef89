// The x-s2i keys for s2i's options: env_file (read as s2i reads it), inject, allowed_uids,
// assemble_user, incremental_pull_policy, exclude, ignore_submodules; checked with locations.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStackFile } from '../../shared/stack/parse.ts';
import { parseUidRanges, uidAllowed } from '../../shared/stack/uidRanges.ts';
import { injectingCommand, injectionTarget } from '../../electron/engine/build/s2i/inject.ts';
import { refusedIssues } from './refusedIssues.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';
const file = (s2i: string[]) => lines('services:', '  s:', '    image: qa/app:1', '    x-s2i:', '      builder: b', '      git: g', ...s2i.map((l) => `      ${l}`));
const read = (files: Record<string, string>) => (p: string) => (p in files ? { text: files[p] } : { missing: true as const });
const parse = (s2i: string[], files: Record<string, string> = {}) => parseStackFile(file(s2i), { file: '/srv/stack.yml', vars: {}, readFile: read(files) }).template.services[0].s2i!;

test('env_file is read as s2i reads it, relative to the stack file; env wins over it', () => {
  const s = parse(['env_file: build.env', 'env: { B: from-env }'], { 'build.env': '# c\nA="quoted"\nB=file\nexport C=1\n' });
  assert.deepEqual(s.env, { A: '"quoted"', B: 'from-env', 'export C': '1' });
});

test('the other options are kept as written', () => {
  const s = parse([
    "exclude: '\\.log$'",
    'ignore_submodules: true',
    'assemble_user: 1001',
    "allowed_uids: '1000-2000,5000-'",
    'incremental_pull_policy: never',
    'inject: [ "secrets:/opt/app-root/secrets", "/etc/pip.conf:.config/pip/pip.conf" ]',
  ]);
  assert.equal(s.exclude, '\\.log$');
  assert.equal(s.ignoreSubmodules, true);
  assert.equal(s.assembleUser, '1001');
  assert.equal(s.allowedUids, '1000-2000,5000-');
  assert.equal(s.incrementalPullPolicy, 'never');
  assert.deepEqual(s.inject, [
    { source: 'secrets', destination: '/opt/app-root/secrets' },
    { source: '/etc/pip.conf', destination: '.config/pip/pip.conf' },
  ]);
});

test('bad values are reported at their place', () => {
  const issues = refusedIssues(() =>
    parseStackFile(
      file(["exclude: '(unclosed'", "allowed_uids: '2000-1000'", 'incremental_pull_policy: sometimes', 'inject: [ nocolon ]', 'env_file: missing.env']),
      { file: '/srv/stack.yml', vars: {}, readFile: read({}) },
    ),
  );
  const messages = issues.map((i) => `${i.line}: ${i.message}`);
  assert.equal(messages.length, 5, messages.join('\n'));
  assert.match(messages[0], /^7: '\(unclosed' is not a regular expression/);
  assert.match(messages[1], /^8: '2000-1000': the range ends before it starts/);
  assert.match(messages[2], /^9: 'sometimes' is not a pull policy: use always, never, if-not-present/);
  assert.match(messages[3], /^10: 'nocolon' is not SOURCE:DESTINATION/);
  assert.match(messages[4], /^11: env_file 'missing.env' not found/);
});

test('uid ranges as s2i writes them', () => {
  const r = parseUidRanges('1-,-0');
  assert.ok('ranges' in r);
  const ranges = (t: string) => {
    const p = parseUidRanges(t);
    assert.ok('ranges' in p, t);
    return p.ranges;
  };
  assert.ok(uidAllowed(1001, ranges('1-')));
  assert.ok(!uidAllowed(0, ranges('1-')));
  assert.ok(uidAllowed(1500, ranges('1000-2000,3000')));
  assert.ok(uidAllowed(3000, ranges('1000-2000,3000')));
  assert.ok(!uidAllowed(2500, ranges('1000-2000,3000')));
  assert.ok(uidAllowed(5, ranges('-10')));
  assert.ok('problem' in parseUidRanges('abc'));
});

test('injections: relative destinations are relative to the WORKDIR; the command keeps the exit code', () => {
  assert.equal(injectionTarget('.config/pip.conf', '/opt/app-root/src'), '/opt/app-root/src/.config/pip.conf');
  assert.equal(injectionTarget('/run/secrets/', '/x'), '/run/secrets');
  const cmd = injectingCommand('/usr/libexec/s2i/assemble', [{ source: '/h', destination: "it's" }], '/w');
  assert.deepEqual(cmd.slice(0, 2), ['/bin/sh', '-c']);
  assert.match(cmd[2], /^'\/usr\/libexec\/s2i\/assemble'; r=\$\?; rm -rf -- '\/w\/it'\\''s';/);
  assert.match(cmd[2], /exit \$r$/);
});

test('runtime_image with runtime_artifacts; incremental with a runtime image is refused, as in s2i', () => {
  const s = parse(['runtime_image: qa/runtime:1', "runtime_artifacts: [ '/opt/app-root/src/app.jar:lib', /opt/app-root/src/run.sh ]"]);
  assert.equal(s.runtimeImage, 'qa/runtime:1');
  assert.deepEqual(s.runtimeArtifacts, [
    { source: '/opt/app-root/src/app.jar', destination: 'lib' },
    { source: '/opt/app-root/src/run.sh', destination: '' },
  ]);
  const issues = refusedIssues(() =>
    parseStackFile(file(['runtime_image: qa/runtime:1', 'incremental: true', "runtime_artifacts: [ 'relative:x', '/a:/abs' ]"]), { file: '/srv/stack.yml', vars: {} }),
  );
  assert.deepEqual(issues.map((i) => i.message).sort(), [
    "'/abs' must be a folder relative to the runtime image's WORKDIR",
    "'relative' must be an absolute path in the builder",
    "an incremental build with runtime_image isn't supported (as in s2i)",
  ]);
});
