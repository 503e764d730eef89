// The templates folder through the real engine host: the browser-mode server (file access
// `own`, as `serve` and the app run it) and a WebSocket client, the real git for branches, the
// real engine for an `up` from a template, and the command line.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createClient, type BranchyardClient } from '../../shared/api/client.ts';
import { connectWebSocket } from '../../shared/api/webSocketPort.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { type RunningServer, startServer } from '../../electron/engine/server/startServer.ts';
import { remoteBranches } from '../../electron/engine/templates/listBranches.ts';
import { makeRepo } from './gitRepo.ts';
import { IMAGES, cli, labelledObjects, removeAll, runPrefix } from './harness.ts';

const PREFIX = runPrefix('templates');
const root = mkdtempSync(join(tmpdir(), 'branchyard-templates-'));
const data = join(root, 'data');
const templatesDir = join(data, 'templates');

let server: RunningServer;
let client: BranchyardClient;

async function refusal(p: Promise<unknown>): Promise<BranchyardError> {
  return p.then(
    () => assert.fail('resolved'),
    (e: unknown) => {
      assert.ok(e instanceof BranchyardError, `not a BranchyardError: ${e}`);
      return e;
    },
  );
}

before(async () => {
  process.env.BRANCHYARD_DATA_DIR = data;
  delete process.env.BRANCHYARD_TEMPLATES;
  server = await startServer({ handlers: createHandlers(createEngineContext(), { fileAccess: 'own' }) });
  const origin = `http://127.0.0.1:${server.port}`;
  // The page's own transport (the browser client), with the Origin a page sends.
  class FromOurPage extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  client = createClient(await connectWebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, FromOurPage));
});

after(async () => {
  client?.close();
  await server?.close();
  await removeAll(PREFIX);
  rmSync(root, { recursive: true, force: true });
});

const SHOP = `name: ${PREFIX}
services:
  web:
    image: ${IMAGES.app}
    environment: { RUN_CMD: "sleep infinity" }
    x-ip: 10
  db:
    image: ${IMAGES.app}
    x-ip: 11
`;

describe('templates through the engine host', () => {
  test('import copies a compose file in (named, 0644), lists and shows it; an existing one is replaced only when asked', async () => {
    const t = await client.importTemplate({ content: SHOP });
    assert.equal(t.id, PREFIX);
    assert.equal(t.name, PREFIX);
    assert.equal(t.file, join(templatesDir, `${PREFIX}.yml`));
    assert.deepEqual([t.valid, t.problems, t.issues, t.services], [true, 0, [], ['web', 'db']]);
    assert.equal(t.content, SHOP);
    assert.equal(statSync(t.file).mode & 0o777, 0o644);
    assert.ok(Math.abs(Date.parse(t.modified) - Date.now()) < 60_000);
    assert.deepEqual(
      readdirSync(templatesDir).filter((n) => n.startsWith('.')),
      [],
      'no temp file is left beside it',
    );

    const listed = await client.listTemplates({});
    const summary = listed.find((x) => x.id === PREFIX);
    assert.ok(summary, 'listed');
    assert.equal('content' in summary, false, 'the list carries no file contents');
    assert.deepEqual((await client.showTemplate({ id: PREFIX })).services, ['web', 'db']);

    const again = await refusal(client.importTemplate({ content: SHOP.replace('x-ip: 11', 'x-ip: 12') }));
    assert.equal(again.kind, 'invalid-input');
    assert.match(again.message, new RegExp(`name: a template '${PREFIX}' exists already`));
    assert.equal((await client.showTemplate({ id: PREFIX })).content, SHOP, 'unchanged');
    const replaced = await client.importTemplate({ content: SHOP.replace('x-ip: 11', 'x-ip: 12'), replace: true });
    assert.match(replaced.content, /x-ip: 12/);
    await client.importTemplate({ content: SHOP, replace: true });
  });

  test('a compose file with problems is imported and its problems carry line and column; a file that is no compose file is refused', async () => {
    const content = 'name: broken\nservices:\n  web:\n    image: x\n    x-ip: 300\n  api:\n    image: y\n    bogus: 1\n';
    const t = await client.importTemplate({ content, name: `${PREFIX} Broken` });
    assert.equal(t.id, `${PREFIX}-broken`);
    assert.equal(t.valid, false);
    assert.equal(t.problems, 2);
    assert.deepEqual(t.services, ['web', 'api'], 'services are known though the file is invalid');
    assert.deepEqual(
      t.issues.map((i) => [i.line, i.col, i.field]),
      [
        [5, 11, 'services.web.x-ip'],
        [8, 5, 'services.api.bogus'],
      ],
    );
    const listed = (await client.listTemplates({})).find((x) => x.id === t.id);
    assert.deepEqual([listed?.valid, listed?.problems], [false, 2]);
    // `up` from an invalid template is refused before the engine is touched.
    const up = await refusal(client.validate({ template: t.id, branch: 'main' }));
    assert.equal(up.kind, 'invalid-input');

    const before = readdirSync(templatesDir).sort();
    const yaml = await refusal(client.importTemplate({ content: 'name: nope\nservices:\n  web: { image: [x }\n', name: 'nope' }));
    assert.equal(yaml.kind, 'invalid-input');
    assert.deepEqual([yaml.details.issues?.[0].line, yaml.details.issues?.[0].file], [3, 'nope.yml']);
    assert.match(yaml.message, /invalid YAML/);
    const notCompose = await refusal(client.importTemplate({ content: '{"a": 1}', name: 'nope' }));
    assert.match(notCompose.message, /not a compose file: it has no services:/);
    const path = await refusal(client.importTemplate({ content: SHOP, name: '../../outside' }));
    assert.match(path.message, /name: '\.\.\/\.\.\/outside' cannot name a template/);
    assert.deepEqual(readdirSync(templatesDir).sort(), before, 'nothing was written');
    assert.equal(existsSync(join(root, 'outside.yml')), false);
  });

  test('ids are safe file names; an unknown one is not found; remove deletes the file', async () => {
    for (const id of ['../data/settings', 'a/b', '..']) {
      const e = await refusal(client.showTemplate({ id }));
      assert.equal(e.kind, 'invalid-input', id);
      assert.match(e.message, /^id: /, id);
    }
    assert.equal((await refusal(client.showTemplate({ id: 'no-such-template' }))).kind, 'not-found');
    assert.equal((await refusal(client.removeTemplate({ id: '../x' }))).kind, 'invalid-input');
    const gone = await client.importTemplate({ content: SHOP.replace(`name: ${PREFIX}`, 'name: gone') });
    assert.equal(await client.removeTemplate({ id: 'gone' }), null);
    assert.equal(existsSync(gone.file), false);
    assert.equal((await client.listTemplates({})).some((t) => t.id === 'gone'), false);
    assert.equal((await refusal(client.removeTemplate({ id: 'gone' }))).kind, 'not-found');
  });

  test('a .yaml template works by id like a .yml one; the folder is the setting, BRANCHYARD_TEMPLATES wins, and the page cannot move it', async () => {
    writeFileSync(join(templatesDir, 'hand.yaml'), 'name: hand\nservices:\n  a: { image: x }\n');
    assert.equal((await client.listTemplates({})).find((t) => t.id === 'hand')?.file, join(templatesDir, 'hand.yaml'));
    assert.deepEqual((await client.validate({ template: 'hand', branch: 'main' })).services, ['a']);

    assert.equal((await client.getSettings({})).templatesDir, templatesDir);
    const moved = await refusal(client.setSettings({ templatesDir: '/etc' }));
    assert.match(moved.message, /settings\.templatesDir: this front end cannot move the templates folder/);
    const archives = await refusal(client.setSettings({ captureDir: '/etc' }));
    assert.match(archives.message, /settings\.captureDir: this front end cannot move the capture folder/);

    const other = join(root, 'other-templates');
    mkdirSync(other);
    writeFileSync(join(other, 'elsewhere.yml'), 'name: elsewhere\nservices:\n  b: { image: x }\n');
    process.env.BRANCHYARD_TEMPLATES = other;
    try {
      assert.equal((await client.getSettings({})).templatesDir, other);
      assert.deepEqual((await client.listTemplates({})).map((t) => t.id), ['elsewhere']);
      assert.deepEqual((await client.validate({ template: 'elsewhere' })).services, ['b']);
      const missing = await refusal(client.validate({ template: 'hand' }));
      assert.match(missing.message, new RegExp(`template: no template 'hand' in ${other}`));
    } finally {
      delete process.env.BRANCHYARD_TEMPLATES;
    }
    rmSync(join(templatesDir, 'hand.yaml'));
  });

  test('an up from a template is recorded: last used, branches used, offered first by listBranches', { timeout: 120_000 }, async () => {
    assert.equal((await client.listTemplates({})).find((t) => t.id === PREFIX)?.lastUsed, undefined);
    const started = Date.now();
    const up = await client.up({ template: PREFIX, branch: 'feature/first' });
    assert.equal(up.stack, `${PREFIX}-feature-first`);
    await client.up({ template: PREFIX, branch: 'feature/second' });
    const t = (await client.listTemplates({})).find((x) => x.id === PREFIX);
    assert.ok(t?.lastUsed && Date.parse(t.lastUsed) >= started - 1000, `lastUsed ${t?.lastUsed}`);
    assert.deepEqual(t.branchesUsed, ['feature/second', 'feature/first']);
    // No repository in the file: the used branches alone, no error.
    assert.deepEqual(await client.listBranches({ template: PREFIX, prefix: 'feature/s' }), { branches: [{ name: 'feature/second', source: 'used' }] });

    // Stacks made otherwise (the command line, with the file elsewhere) count as used too.
    const file = join(root, 'cli-copy.yml');
    writeFileSync(file, SHOP);
    const r = await cli(['up', file, '--branch', 'from-cli'], { env: { BRANCHYARD_DATA_DIR: data } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await client.showTemplate({ id: PREFIX })).branchesUsed, ['feature/second', 'feature/first', 'from-cli']);
    for (const stack of [`${PREFIX}-feature-first`, `${PREFIX}-feature-second`, `${PREFIX}-from-cli`]) {
      await client.down({ stack, capture: false });
    }
    assert.deepEqual(await labelledObjects(PREFIX), []);
  });
});

describe('listBranches against real repositories', () => {
  let repoDir: string;

  before(() => {
    repoDir = join(root, 'repos', 'shop');
    const repo = makeRepo(repoDir, 'main');
    repo.commit('first');
    for (const b of ['feature/login', 'feature/logout', 'release/1.0']) execFileSync('git', ['branch', b], { cwd: repoDir });
  });

  test('a local repository, by a path relative to the templates folder, filtered by prefix; used branches first', async () => {
    const content = `name: ${PREFIX}git\nx-branchyard: { git: ../../repos/shop }\nservices:\n  web: { image: x }\n`;
    const t = await client.importTemplate({ content });
    assert.equal(t.git, '../../repos/shop');
    const all = await client.listBranches({ template: t.id });
    assert.equal(all.repository, repoDir);
    assert.equal(all.error, undefined);
    assert.deepEqual(all.branches, [
      { name: 'feature/login', source: 'remote' },
      { name: 'feature/logout', source: 'remote' },
      { name: 'main', source: 'remote' },
      { name: 'release/1.0', source: 'remote' },
    ]);
    assert.deepEqual(
      (await client.listBranches({ template: t.id, prefix: 'feature/logo' })).branches.map((b) => b.name),
      ['feature/logout'],
    );
    // A template's x-s2i repository counts when the file names none of its own.
    const s2i = await client.importTemplate({
      content: `name: ${PREFIX}s2i\nservices:\n  db: { image: x }\n  app:\n    image: qa/app:latest\n    x-s2i: { builder: b:1, git: ${repoDir} }\n`,
    });
    assert.equal(s2i.git, repoDir);
    assert.equal((await client.listBranches({ template: s2i.id, prefix: 'rel' })).branches[0]?.name, 'release/1.0');
  });

  test('a repository that cannot be asked is an error in the answer, not a failed request; it never asks for a password', { timeout: 30_000 }, async () => {
    const missing = await client.importTemplate({ content: `name: ${PREFIX}gone\nx-branchyard: { git: ${join(root, 'no-such-repo')} }\nservices:\n  web: { image: x }\n` });
    const r = await client.listBranches({ template: missing.id });
    assert.deepEqual(r.branches, []);
    assert.match(r.error ?? '', /git ls-remote .*no-such-repo failed: .*does not appear to be a git repository/);

    // An HTTP remote that wants a password: git must fail at once, not wait for a prompt.
    const http: Server = createServer((_req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end());
    await new Promise<void>((r2) => http.listen(0, '127.0.0.1', r2));
    try {
      const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/team/shop.git`;
      const secret = await client.importTemplate({ content: `name: ${PREFIX}auth\nx-branchyard: { git: "${url}" }\nservices:\n  web: { image: x }\n` });
      const t0 = Date.now();
      const answer = await client.listBranches({ template: secret.id });
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
      assert.equal(answer.repository, url);
      assert.match(answer.error ?? '', /failed: could not read Username for .*: terminal prompts disabled/);
    } finally {
      http.close();
    }
  });

  test('a remote that never answers is ended at the time limit, and its git with it', { timeout: 30_000 }, async () => {
    // Accepts connections and says nothing: git waits for an answer forever.
    const sockets = new Set<import('node:net').Socket>();
    const silent = (await import('node:net')).createServer((s) => {
      sockets.add(s);
      s.resume(); // read (and drop) what git sends, so its closing is seen
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/x.git`;
      const t0 = Date.now();
      await assert.rejects(remoteBranches(url, new AbortController().signal, 800), /gave no answer within 0\.8 s/);
      const took = Date.now() - t0;
      assert.ok(took >= 700 && took < 4000, `took ${took} ms`);
      // git was ended: its connection closes.
      for (let i = 0; i < 50 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(sockets.size, 0, 'the git process still holds its connection');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('branchyard templates (the command line)', () => {
  test('import, list, show, rm', { timeout: 60_000 }, async () => {
    const env = { BRANCHYARD_DATA_DIR: join(root, 'cli-data') };
    const file = join(root, 'docker-compose.yml');
    writeFileSync(file, 'services:\n  web:\n    image: x\n    x-ip: 999\n');
    const noName = await cli(['templates', 'import', file], { env });
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /name: is required: the file has no name: of its own/);
    const imported = await cli(['templates', 'import', file, '--name', 'CLI Shop'], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^imported cli-shop: .*cli-shop\.yml, template cli-shop, 1 problem, services web/);
    assert.match(imported.stderr, /problem: .*cli-shop\.yml:4:11: services\.web\.x-ip: 999/);
    assert.equal((await cli(['templates', 'import', file, '--name', 'CLI Shop'], { env })).code, 2, 'exists already');
    assert.equal((await cli(['templates', 'import', file, '--name', 'CLI Shop', '--replace'], { env })).code, 0);

    const list = await cli(['templates', '--json'], { env });
    const parsed = JSON.parse(list.stdout) as { id: string; problems: number; services: string[] }[];
    assert.deepEqual(parsed.map((t) => [t.id, t.problems, t.services]), [['cli-shop', 1, ['web']]]);
    assert.match((await cli(['templates'], { env })).stdout, /^ID\s+NAME\s+SERVICES\s+VALID\s+GIT\s+LAST USED\ncli-shop\s+cli-shop\s+web\s+1 problem/);
    assert.equal((await cli(['templates', 'show', 'cli-shop', '--json'], { env })).code, 0);

    const bad = await cli(['templates', 'rm', '../x'], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /id: '\.\.\/x' is not a template id/);
    assert.equal((await cli(['templates', 'rm', 'cli-shop'], { env })).code, 0);
    assert.equal((await cli(['templates'], { env })).stdout.trim(), 'no templates');
    assert.equal((await cli(['templates', 'rm', 'cli-shop'], { env })).code, 1, 'not found');
    assert.equal((await cli(['templates', 'list', '--replace'], { env })).code, 2);
  });
});
