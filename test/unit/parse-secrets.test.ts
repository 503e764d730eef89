// Secrets and configs from environment: and content:, as the parser reads them: written into the
// container (not mounted) at /run/secrets/<name> or the config's target, with the long syntax's
// uid, gid and mode (compose's 0444 by default); what the plan refuses and what the create
// document says of them (a digest, never the value).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../../shared/errors/errors.ts';
import { refusedIssues } from './refusedIssues.ts';
import { parseStackFile, type ParseOptions } from '../../shared/stack/parse.ts';
import { toComposeConfig } from '../../shared/stack/composeConfig.ts';
import { LABEL } from '../../electron/engine/docker/labels.ts';
import { filesArchive } from '../../electron/engine/stacks/execute/injectFiles.ts';
import { type PlanOptions, planUp } from '../../electron/engine/stacks/plan/planUp.ts';
import type { ObservedStack } from '../../electron/engine/stacks/plan/observeStack.ts';
import { changedFields, configFields, decodeConfigFields } from '../../electron/engine/stacks/plan/configFields.ts';
import tar from 'tar-stream';

const lines = (...l: string[]) => l.join('\n') + '\n';
const parse = (text: string, opts: Partial<ParseOptions> = {}) => parseStackFile(text, { file: 'app.yml', vars: {}, ...opts });
const issuesOf = (text: string, opts: Partial<ParseOptions> = {}): Issue[] => refusedIssues(() => parse(text, opts));

const FILE = lines(
  'services:',
  '  app:',
  '    image: app:1',
  '    secrets:',
  '      - api_token',
  '      - source: db_password',
  '        target: db',
  '        uid: "1000"',
  '        gid: 1001',
  '        mode: 0440',
  '    configs:',
  '      - source: app_conf',
  '        target: /etc/app/app.ini',
  '        mode: "0600"',
  '      - motd',
  'secrets:',
  '  api_token: { environment: API_TOKEN }',
  '  db_password: { environment: DB_PASSWORD }',
  'configs:',
  '  app_conf:',
  '    content: |',
  '      [db]',
  '      host = ${DB_HOST:-db}',
  '  motd: { environment: MOTD }',
);
const VARS = { API_TOKEN: 't0k3n', DB_PASSWORD: 'hunter2', MOTD: 'hello' };

test('environment and content sources are written in, with uid, gid and mode of the long syntax', () => {
  const { template, warnings } = parse(FILE, { vars: VARS });
  assert.deepEqual(template.services[0].files, [
    { kind: 'secret', source: 'api_token', target: '/run/secrets/api_token', content: 't0k3n', variable: 'API_TOKEN', mode: 0o444 },
    { kind: 'secret', source: 'db_password', target: '/run/secrets/db', content: 'hunter2', variable: 'DB_PASSWORD', mode: 0o440, uid: 1000, gid: 1001 },
    { kind: 'config', source: 'app_conf', target: '/etc/app/app.ini', content: '[db]\nhost = db\n', mode: 0o600 },
    { kind: 'config', source: 'motd', target: '/motd', content: 'hello', variable: 'MOTD', mode: 0o444 },
  ]);
  assert.deepEqual(template.services[0].mounts, [], 'nothing of them is mounted');
  assert.deepEqual(warnings, []);
});

test('file modes as compose reads them: 0440 and 0o440 octal, "0440" octal, 288 decimal; others refused at the mode', () => {
  const modeOf = (m: string) => parse(lines('services:', '  a:', '    image: a', `    secrets: [{ source: s, mode: ${m} }]`, 'secrets: { s: { environment: S } }'), { vars: { S: 'x' } }).template.services[0].files![0].mode;
  assert.deepEqual(['0440', '0o440', '"0440"', '288', '0400', '0777'].map(modeOf), [0o440, 0o440, 0o440, 0o440, 0o400, 0o777]);
  for (const bad of ['0999', 'rw', '"abc"', '99999', 'true']) {
    const issues = issuesOf(lines('services:', '  a:', '    image: a', `    secrets: [{ source: s, mode: ${bad} }]`, 'secrets: { s: { environment: S } }'), { vars: { S: 'x' } });
    assert.deepEqual(issues.map((i) => [i.line, i.field]), [[4, 'services.a.secrets[0].mode']], bad);
    assert.match(issues[0].message, /expected a file mode in octal, like 0440/);
  }
  const owner = issuesOf(lines('services:', '  a:', '    image: a', '    secrets: [{ source: s, uid: www-data, gid: -1 }]', 'secrets: { s: { environment: S } }'), { vars: { S: 'x' } });
  assert.deepEqual(owner.map((i) => [i.field, i.message]), [
    ['services.a.secrets[0].uid', 'expected a number (a user id), like 1000, got "www-data"'],
    ['services.a.secrets[0].gid', 'expected a number (a group id), like 1000, got -1'],
  ]);
});

test('a variable that is not set: validate warns, up refuses before anything changes', () => {
  const { template, warnings } = parse(FILE, { vars: { ...VARS, DB_PASSWORD: undefined } });
  assert.deepEqual(warnings, ["service 'app': secret 'db_password' comes from the environment variable DB_PASSWORD, which is not set: up refuses it until it is"]);
  const seen: ObservedStack = { containers: new Map(), networks: [], external: new Map(), usedSubnets: [], volumes: new Set(), images: new Map([['app:1', { id: 'sha256:a', labels: {} }]]), commits: new Map() };
  const opts: PlanOptions = { stack: 's', file: '/srv/app.yml', dir: '/srv', startIntervalSupported: false };
  assert.throws(() => planUp(template, seen, opts), /secret 'db_password' of service 'app' comes from the environment variable DB_PASSWORD, which is not set/);
});

test('the create document names them with a digest, never the value; a changed value recreates, saying so', () => {
  const seen: ObservedStack = { containers: new Map(), networks: [], external: new Map(), usedSubnets: [], volumes: new Set(), images: new Map([['app:1', { id: 'sha256:a', labels: {} }]]), commits: new Map() };
  const opts: PlanOptions = { stack: 's', file: '/srv/app.yml', dir: '/srv', startIntervalSupported: false };
  const x = planUp(parse(FILE, { vars: VARS }).template, seen, opts);
  const spec = x.specs.get('app')!;
  const label = spec.Labels![LABEL.files]!;
  for (const value of Object.values(VARS)) assert.ok(!JSON.stringify(spec).includes(value), `the document holds ${value}`);
  assert.deepEqual(JSON.parse(label).map((f: { target: string; mode: string }) => [f.target, f.mode]), [
    ['/run/secrets/api_token', '0444'], ['/run/secrets/db', '0440'], ['/etc/app/app.ini', '0600'], ['/motd', '0444'],
  ]);
  assert.equal(x.files.get('app')!.length, 4, 'the executor gets the content');
  const changed = planUp(parse(FILE, { vars: { ...VARS, API_TOKEN: 'new' } }).template, seen, opts).specs.get('app')!;
  assert.notEqual(changed.Labels![LABEL.configHash], spec.Labels![LABEL.configHash]);
  assert.deepEqual(changedFields(decodeConfigFields(spec.Labels![LABEL.configFields])!, configFields(changed)), ['secrets and configs']);
});

test('the archive written in holds each file at its target with its owner and mode', async () => {
  const files = parse(FILE, { vars: VARS }).template.services[0].files!;
  const archive = await filesArchive(files);
  const entries: Array<{ name: string; mode?: number; uid?: number; gid?: number; body: string }> = [];
  await new Promise<void>((resolve, reject) => {
    const extract = tar.extract();
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        entries.push({ name: h.name, mode: h.mode, uid: h.uid, gid: h.gid, body: Buffer.concat(chunks).toString() });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    extract.end(archive);
  });
  assert.deepEqual(entries, [
    { name: 'run/secrets/api_token', mode: 0o444, uid: 0, gid: 0, body: 't0k3n' },
    { name: 'run/secrets/db', mode: 0o440, uid: 1000, gid: 1001, body: 'hunter2' },
    { name: 'etc/app/app.ini', mode: 0o600, uid: 0, gid: 0, body: '[db]\nhost = db\n' },
    { name: 'motd', mode: 0o444, uid: 0, gid: 0, body: 'hello' },
  ]);
});

test('convert shows them by source and target, not by value', () => {
  const doc = toComposeConfig(parse(FILE, { vars: VARS }).template, 's') as { services: { app: Record<string, unknown> } };
  assert.deepEqual(doc.services.app.secrets, [
    { source: 'api_token', target: '/run/secrets/api_token', mode: '0444' },
    { source: 'db_password', target: '/run/secrets/db', uid: '1000', gid: '1001', mode: '0440' },
  ]);
  assert.deepEqual(doc.services.app.configs, [{ source: 'app_conf', target: '/etc/app/app.ini', mode: '0600' }, { source: 'motd', target: '/motd', mode: '0444' }]);
  assert.ok(!JSON.stringify(doc).includes('hunter2'));
});

test('external secrets stay refused, a file source keeps its bind mount and its warning', () => {
  const issues = issuesOf(lines('services:', '  a: { image: a, secrets: [ext] }', 'secrets: { ext: { external: true } }'));
  assert.match(issues[0].message, /external secrets .* are not supported by Branchyard: they live in a swarm/);
  const { template, warnings } = parse(lines('services:', '  a:', '    image: a', '    secrets: [{ source: f, mode: 0400 }]', 'secrets: { f: { file: ./f.txt } }'), { fileProblem: () => undefined });
  assert.deepEqual(template.services[0].mounts, [{ type: 'bind', source: './f.txt', target: '/run/secrets/f', readOnly: true, createHostPath: false }]);
  assert.match(warnings[0], /uid, gid and mode of secret 'f' are not applied: a secret read from a file is mounted as the file is/);
});
