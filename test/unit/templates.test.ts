// The rules of the templates folder without an engine: ids and import names, what counts as a
// compose file, the record of uses, the order of offered branches, and x-branchyard.git.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { composeShape } from '../../shared/stack/composeShape.ts';
import { parseStackFile } from '../../shared/stack/parse.ts';
import { importedTemplateId, slugTemplateName, templateIdOfFile, templateIdProblem } from '../../shared/stack/templateId.ts';
import { checkImport } from '../../electron/engine/templates/importTemplate.ts';
import { mergeBranches } from '../../electron/engine/templates/listBranches.ts';
import { templateIdOfPath } from '../../electron/engine/templates/templateFiles.ts';
import { MAX_BRANCHES_PER_TEMPLATE, MAX_USES, type TemplateUse, readTemplateUses, recordTemplateUse, usesOf, withUse } from '../../electron/engine/templates/templateUse.ts';

test('a template id is a safe file name: no path, no "..", nothing a shell or a folder would read twice', () => {
  for (const id of ['shop', 'Shop.v2', 'a', 'my_stack-1', 'x.yml']) assert.equal(templateIdProblem(id), undefined, id);
  const refused: [unknown, RegExp][] = [
    ['', /is required/],
    [undefined, /is required/],
    [42, /is required/],
    ['..', /'\.\.'/],
    ['a..b', /'\.\.'/],
    ['../etc/passwd', /must not contain '\/'/],
    ['a/b', /must not contain '\/'/],
    ['a\\b', /must not contain '\/' or '\\'/],
    ['.hidden', /not a template id \(letters/],
    ['-rf', /not a template id \(letters/],
    ['my shop', /not a template id \(letters/],
    ['a\x00b', /not a template id/],
    ['x'.repeat(129), /longer than 128/],
  ];
  for (const [id, re] of refused) assert.match(templateIdProblem(id) ?? '(accepted)', re, String(id));
});

test('file names: .yml and .yaml are templates, anything else (hidden temp files too) is not', () => {
  assert.equal(templateIdOfFile('shop.yml'), 'shop');
  assert.equal(templateIdOfFile('shop.yaml'), 'shop');
  assert.equal(templateIdOfFile('shop.json'), undefined);
  assert.equal(templateIdOfFile('.shop.123.ab.tmp'), undefined);
  assert.equal(templateIdOfFile('.yml'), undefined);
  assert.equal(templateIdOfFile('my shop.yml'), undefined);
});

test('an import is named by the name given, else by the file\'s name:, slugged', () => {
  assert.deepEqual(importedTemplateId('Shop Test', 'ignored'), { id: 'shop-test' });
  assert.deepEqual(importedTemplateId(undefined, 'hydra'), { id: 'hydra' });
  assert.deepEqual(importedTemplateId('  QA: Payments (v2)  ', undefined), { id: 'qa-payments-v2' });
  assert.equal(slugTemplateName('--x__'), 'x');
  assert.equal(slugTemplateName('a'.repeat(100)).length, 40);
  assert.equal(templateIdProblem(slugTemplateName('Ärger mit Ümlauten')), undefined);
  const issue = (r: ReturnType<typeof importedTemplateId>) => ('issue' in r ? r.issue : assert.fail(`accepted as ${JSON.stringify(r)}`));
  assert.match(issue(importedTemplateId(undefined, undefined)).message, /is required: the file has no name:/);
  assert.match(issue(importedTemplateId('', 'hydra')).message, /is empty/);
  assert.match(issue(importedTemplateId('../../etc/cron.d/x', undefined)).message, /must not contain '\/', '\\', '\.\.'/);
  assert.match(issue(importedTemplateId('a\nb', undefined)).message, /control characters/);
  assert.match(issue(importedTemplateId('功能', undefined)).message, /no letter or digit/);
  assert.equal(issue(importedTemplateId('../x', undefined)).field, 'name');
  // A bad name: in the file is the file's problem.
  assert.equal(issue(importedTemplateId(undefined, '../x')).field, 'content');
});

test('a compose file is YAML with a mapping of services; what is not says where', () => {
  const ok = composeShape('name: shop\nx-branchyard: { git: /srv/shop.git }\nservices:\n  web: { image: x, x-ip: 300 }\n  db: {}\n', 'shop.yml');
  assert.deepEqual(ok, { issues: [], services: ['web', 'db'], git: '/srv/shop.git' });
  const s2i = composeShape('services:\n  db: { image: x }\n  app:\n    x-s2i: { git: "git@host:team/app.git", builder: b }\n', 'a.yml');
  assert.equal(s2i.git, 'git@host:team/app.git');

  const one = (text: string) => {
    const { issues } = composeShape(text, 'f.yml');
    assert.equal(issues.length >= 1, true, `accepted: ${text}`);
    return issues[0];
  };
  const bad = one('services:\n  web:\n    image: [x\n');
  assert.match(bad.message, /^invalid YAML/);
  assert.equal(bad.file, 'f.yml');
  assert.equal(bad.line, 4);
  assert.match(one('- a\n- b\n').message, /the file is a list, not a mapping with services:/);
  assert.match(one('').message, /the file is empty/);
  assert.match(one('just text\n').message, /a single value/);
  assert.deepEqual([one('name: x\nversion: "3"\n').message, one('name: x\n').line], ['not a compose file: it has no services:', 1]);
  const list = one('name: x\n\nservices:\n  - web\n');
  assert.deepEqual([list.line, list.col, list.field], [3, 1, 'services']);
  assert.match(list.message, /services: is a list, not a mapping/);
  assert.match(one('services:\n').message, /services: is empty/);
  assert.match(one('a: 1\na: 2\nservices: {}\n').message, /invalid YAML.*unique/i);
  assert.match(one('services:\0\n').message, /NUL/);
});

test('import: not a compose file is refused with its issues; a compose file with problems is not', () => {
  const refused = (p: Parameters<typeof checkImport>[0]) => {
    try {
      checkImport(p);
    } catch (e) {
      assert.ok(e instanceof BranchyardError);
      assert.equal(e.kind, 'invalid-input');
      return e;
    }
    assert.fail('accepted');
  };
  const e = refused({ content: 'name: shop\nservices:\n  web: { image: [x }\n' });
  assert.equal(e.details.issues?.[0].file, 'shop.yml');
  assert.equal(e.details.issues?.[0].line, 3);
  assert.match(refused({ content: 'services: { web: { image: x } }\n' }).message, /name: is required: the file has no name:/);
  assert.match(refused({ content: 42 as unknown as string }).message, /content: must be the compose file as text/);
  assert.match(refused({ content: `name: x\nservices: { a: { image: x } }\n#${'x'.repeat(1024 * 1024)}` }).message, /1 MiB/);
  assert.match(refused({ content: 'name: x\nservices: { a: {} }\n', name: '../x' }).message, /name: '\.\.\/x' cannot name a template/);
  // Problems the validator finds (unknown key, an address outside the subnet) do not stop an import.
  assert.deepEqual(checkImport({ content: 'name: Shop QA\nservices:\n  web: { image: x, x-ip: 300, bogus: 1 }\n' }).id, 'shop-qa');
  assert.deepEqual(checkImport({ content: 'services:\n  web: { image: x }\n', name: 'Mine' }).id, 'mine');
});

test('the record of uses: newest first, one per template and branch, bounded', () => {
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  let uses: TemplateUse[] = [];
  uses = withUse(uses, { template: 'shop', branch: 'main', at: at(1) });
  uses = withUse(uses, { template: 'shop', branch: 'feature/x', at: at(2) });
  uses = withUse(uses, { template: 'other', branch: 'main', at: at(3) });
  uses = withUse(uses, { template: 'shop', branch: 'main', at: at(4) });
  uses = withUse(uses, { template: 'shop', at: at(5) });
  assert.deepEqual(usesOf(uses, 'shop'), { lastUsed: at(5), branches: ['main', 'feature/x'] });
  assert.deepEqual(usesOf(uses, 'nope'), { branches: [] });
  assert.equal(uses.filter((u) => u.template === 'shop' && u.branch === 'main').length, 1);

  let many: TemplateUse[] = [];
  for (let i = 0; i < MAX_BRANCHES_PER_TEMPLATE + 10; i++) many = withUse(many, { template: 'big', branch: `b${i}`, at: at(i) });
  assert.equal(many.length, MAX_BRANCHES_PER_TEMPLATE);
  assert.equal(usesOf(many, 'big').branches[0], `b${MAX_BRANCHES_PER_TEMPLATE + 9}`, 'the newest is kept');
  for (let t = 0; t < MAX_USES / 10 + 5; t++) for (let b = 0; b < 10; b++) many = withUse(many, { template: `t${t}`, branch: `b${b}`, at: at(100 + t * 10 + b) });
  assert.equal(many.length, MAX_USES);
});

test('recording an up: only for files in the templates folder, written whole, damaged files start again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'branchyard-tuse-'));
  try {
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'shop.yml'), 'services: {}\n');
    writeFileSync(join(templates, 'both.yml'), '');
    writeFileSync(join(templates, 'both.yaml'), '');
    writeFileSync(join(dir, 'elsewhere.yml'), '');
    symlinkSync(templates, join(dir, 'link'));
    const record = join(dir, 'data', 'template-use.json');
    recordTemplateUse(templates, join(dir, 'link', 'shop.yml'), 'main', new Date(1000), record);
    recordTemplateUse(templates, join(dir, 'elsewhere.yml'), 'main', new Date(2000), record);
    recordTemplateUse(templates, join(templates, 'both.yaml'), 'x', new Date(3000), record);
    assert.deepEqual(readTemplateUses(record), [{ template: 'shop', branch: 'main', at: new Date(1000).toISOString() }]);
    assert.equal(templateIdOfPath(templates, join(templates, 'both.yml')), 'both');
    assert.equal(templateIdOfPath(templates, join(templates, 'sub', 'shop.yml')), undefined);
    writeFileSync(record, '{ half');
    assert.deepEqual(readTemplateUses(record), []);
    recordTemplateUse(templates, join(templates, 'shop.yml'), undefined, new Date(4000), record);
    assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')).uses, [{ template: 'shop', at: new Date(4000).toISOString() }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('branches offered: used first (newest first), then the remote ones by name, each once, by prefix', () => {
  const used = ['feature/b', 'main'];
  const remote = ['develop', 'feature/a', 'feature/b', 'main'];
  assert.deepEqual(mergeBranches(used, remote), [
    { name: 'feature/b', source: 'used' },
    { name: 'main', source: 'used' },
    { name: 'develop', source: 'remote' },
    { name: 'feature/a', source: 'remote' },
  ]);
  assert.deepEqual(
    mergeBranches(used, remote, 'FEAT').map((b) => b.name),
    ['feature/b', 'feature/a'],
  );
  assert.deepEqual(mergeBranches(used, remote, 'zzz'), []);
});

test('x-branchyard.git names the repository; a value git would read as an option is refused', () => {
  const parsed = parseStackFile('name: s\nx-branchyard: { git: "https://git.example/team/s.git" }\nservices:\n  a: { image: x }\n', { file: 's.yml', vars: {} });
  assert.equal(parsed.template.git, 'https://git.example/team/s.git');
  try {
    parseStackFile('name: s\nx-branchyard:\n  git: --upload-pack=touch\nservices:\n  a: { image: x }\n', { file: 's.yml', vars: {} });
    assert.fail('accepted');
  } catch (e) {
    const issue = (e as BranchyardError).details.issues?.[0];
    assert.deepEqual([issue?.line, issue?.col, issue?.field], [3, 8, 'x-branchyard.git']);
    assert.match(issue?.message ?? '', /is not a repository URL or path/);
  }
});
