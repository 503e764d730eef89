// The Templates screen in Chromium against the browser-mode server (file access `own`): a
// compose file is imported as a template through the page's file picker, its problem shown
// before the user confirms and then marked at its line and column; its services are listed;
// a file that is not a compose file is refused; the template is removed after a confirmation.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WAIT_MS } from './appPage.ts';
import { screenshot } from './screenshots.ts';
import { literally, ui as msg } from './uiLanguage.ts';
import { type UiSession, openUiSession } from './uiSession.ts';
import { recordTemplateUse } from '../../electron/engine/templates/templateUse.ts';

const T = msg('templates');
const ID = `bytemplates${process.pid.toString(36)}`;

// Line 7: an address outside the stack's /24. Everything else is fine.
const COMPOSE = `name: ${ID}
services:
  web:
    image: branchyard-test/app:latest
    environment: { RUN_CMD: "sleep infinity" }
    depends_on: [db]
    x-ip: 300
  db:
    image: branchyard-test/mariadb:10.11
    x-ip: 11
`;

describe('the Templates screen', () => {
  let ui: UiSession;
  let files: string;

  before(async () => {
    ui = await openUiSession();
    files = join(ui.outDir, 'picked');
    mkdirSync(files);
    writeFileSync(join(files, 'docker-compose.yml'), COMPOSE);
    writeFileSync(join(files, 'notes.yml'), '- just\n- a list\n');
    // A template already there, valid, with a repository, brought up for a branch a moment ago.
    const templates = join(ui.outDir, 'data', 'templates');
    mkdirSync(templates, { recursive: true });
    writeFileSync(join(templates, `${ID}shop.yml`), `name: ${ID}shop\nx-branchyard: { git: "git@gitlab.example:team/shop.git" }\nservices:\n  api: { image: x }\n`);
    recordTemplateUse(templates, join(templates, `${ID}shop.yml`), 'feature/cart');
  });

  after(async () => {
    await ui?.close();
  });

  test('import a compose file: its problem is shown first, then marked at its line and column; its services are listed; remove it', async () => {
    const { app, page } = ui;
    await page.goto(ui.url);
    await app.openTemplates();
    const shop = app.template(`${ID}shop`);
    await shop.waitFor({ timeout: WAIT_MS });
    const lastUsed = T('agoOnBranch', { ago: msg('common')('justNow'), branch: 'feature/cart' });
    assert.match(await shop.innerText(), new RegExp(`api\\s+${T('valid')}\\s+git@gitlab\\.example:team/shop\\.git\\s+${literally(lastUsed)}`));

    const summary = await app.pickTemplateFile(join(files, 'docker-compose.yml'));
    assert.equal(await summary.innerText(), T('hasProblems', { file: 'docker-compose.yml', count: 1 }));
    assert.equal(await page.getByLabel(T('name')).inputValue(), ID, 'the name field is the file\'s name:');
    assert.equal(await page.getByTestId('template-import-id').innerText(), T('keptAs', { id: ID }));
    const preview = page.getByTestId('template-import-preview');
    assert.equal(await preview.getByTestId('issue-marker').count(), 1);
    assert.match(await preview.getByTestId('line-7').innerText(), /x-ip: 300/);
    const confirm = page.getByTestId('template-import-confirm');
    assert.equal(await confirm.innerText(), T('importWithProblems', { count: 1 }));
    await screenshot(page, 'templates-import-preview', { fullPage: true });
    await app.confirmImport();

    const row = app.template(ID);
    await row.waitFor({ timeout: WAIT_MS });
    assert.equal(await row.getByTestId('template-services').innerText(), 'web, db');
    assert.equal(await row.getByTestId('template-validity').innerText(), T('problems', { count: 1 }));
    // The imported template is selected, its file shown with the problem at its place.
    const panel = page.getByTestId('template-panel');
    await panel.getByTestId('template-file').waitFor({ timeout: WAIT_MS });
    const line = panel.getByTestId('line-7');
    assert.equal(await line.getByTestId('issue-marker').count(), 1, 'a mark in the gutter of line 7');
    assert.equal(await line.locator('.issue-at').innerText(), '300', 'the value at the column is underlined');
    const note = panel.getByTestId('issue-note');
    assert.equal(await note.count(), 1);
    assert.deepEqual([await note.getAttribute('data-line'), await note.getAttribute('data-col')], ['7', '11']);
    // The problem is the engine's English detail; where it is, in the UI's language.
    assert.match(await note.innerText(), new RegExp(`\\^ services\\.web\\.x-ip: 300 is outside the stack's /24.*${literally(T('atLineColumn', { line: 7, col: 11 }).trim())}`, 's'));
    // The note is right under its line.
    const [lineBox, noteBox] = [await line.boundingBox(), await note.boundingBox()];
    assert.ok(lineBox && noteBox && Math.abs(noteBox.y - (lineBox.y + lineBox.height)) < 2, 'the message is under line 7');
    assert.equal(await panel.getByTestId('line-6').getByTestId('issue-marker').count(), 0);
    await screenshot(page, 'templates-problem', { fullPage: true });
    assert.ok(existsSync(join(ui.outDir, 'data', 'templates', `${ID}.yml`)), 'copied into the templates folder');

    // Not a compose file: the engine refuses it, and says why.
    const refused = await app.pickTemplateFile(join(files, 'notes.yml'), 'notes');
    assert.equal(await refused.innerText(), T('hasProblems', { file: 'notes.yml', count: 1 }));
    await app.confirmImport();
    await page.getByTestId('template-import-summary').filter({ hasText: T('refused', { file: 'notes.yml', count: 1 }) }).waitFor({ timeout: WAIT_MS });
    assert.match(await page.getByTestId('template-import-preview').innerText(), /not a compose file: the file is a list/);
    assert.equal(await page.getByTestId('template-import-confirm').isDisabled(), true);
    await screenshot(page, 'templates-refused', { fullPage: true });
    await page.getByTestId('template-import-cancel').click();
    assert.equal(existsSync(join(ui.outDir, 'data', 'templates', 'notes.yml')), false);

    // Remove asks first; Cancel keeps it.
    await app.openTemplate(ID);
    await panel.getByRole('button', { name: T('remove'), exact: true }).click();
    assert.ok((await panel.getByTestId('template-remove-confirm-box').innerText()).startsWith(T('removeConfirm', { id: ID })));
    await screenshot(page, 'templates-remove-confirm', { fullPage: true });
    await panel.getByTestId('template-remove-cancel').click();
    assert.equal(await row.count(), 1);
    await app.removeTemplate();
    await row.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await shop.count(), 1, 'the other template stays');
    assert.equal(existsSync(join(ui.outDir, 'data', 'templates', `${ID}.yml`)), false);
    await screenshot(page, 'templates-list', { fullPage: true });
  });
});
