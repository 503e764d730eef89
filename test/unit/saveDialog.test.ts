// The desktop app's Save dialog for log exports, on the two sides Electron is not needed for: the
// engine process asks over its parent port and gets the path back (parentPortShell), the main
// process answers a `save-dialog` message with what its dialog returned (superviseEngine), and
// the dialog proposes the file in Downloads with a filter for the format.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { SaveDialogRequest } from '../../shared/api/shell.ts';
import { type FromEngine, type ParentPortLike, parentPortShell, serveParentPort } from '../../electron/engine/api/parentPortHost.ts';
import type { Handlers } from '../../electron/engine/api/host.ts';
import { type EngineChild, superviseEngine } from '../../electron/main/engineProcess.ts';
import { saveDialogOptions } from '../../electron/main/saveDialogOptions.ts';

const handlers = { requests: {}, streams: {} } as unknown as Handlers;
const tick = () => new Promise((r) => setTimeout(r, 10));

test('the engine process asks the main process for a path and gets the answer of that very dialog', async () => {
  let listener: ((e: { data: unknown; ports: [] }) => void) | undefined;
  const sent: FromEngine[] = [];
  const parent: ParentPortLike = { on: (_e, l) => void (listener = l as typeof listener), postMessage: (m) => void sent.push(m) };
  const shell = parentPortShell(parent);
  const server = serveParentPort(handlers, parent, { shellEvent: shell.deliver, saveDialogResult: shell.saveDialogDone });
  const first = shell.chooseSavePath!({ suggestedName: 'a.log', format: 'text' });
  const second = shell.chooseSavePath!({ suggestedName: 'b.jsonl', format: 'jsonl' });
  assert.deepEqual(sent, [
    { t: 'save-dialog', id: 1, request: { suggestedName: 'a.log', format: 'text' } },
    { t: 'save-dialog', id: 2, request: { suggestedName: 'b.jsonl', format: 'jsonl' } },
  ]);
  listener?.({ data: { t: 'save-dialog-result', id: 2, path: null }, ports: [] });
  listener?.({ data: { t: 'save-dialog-result', id: 1, path: 42 }, ports: [] }); // malformed: ignored
  listener?.({ data: { t: 'save-dialog-result', id: 1, path: '/home/qa/Downloads/a.log' }, ports: [] });
  assert.equal(await second, null, 'cancelled');
  assert.equal(await first, '/home/qa/Downloads/a.log');
  server.close();
});

test('the main process answers a save-dialog with its dialog’s path, and null without a dialog', async () => {
  const posted: unknown[] = [];
  const child = new EventEmitter() as EventEmitter & EngineChild<never>;
  child.postMessage = (m) => void posted.push(m);
  child.kill = () => child.emit('exit', 0);
  const asked: SaveDialogRequest[] = [];
  const engine = superviseEngine<never>({
    fork: () => child,
    closePort: () => {},
    chooseSavePath: async (r) => (asked.push(r), r.suggestedName === 'cancel.log' ? null : `/picked/${r.suggestedName}`),
  });
  // The engine process starts at once; its messages come on the child.
  child.emit('message', { t: 'save-dialog', id: 7, request: { suggestedName: 'web-main.log', format: 'text' } });
  child.emit('message', { t: 'save-dialog', id: 8, request: { suggestedName: 'cancel.log', format: 'text' } });
  await tick();
  assert.deepEqual(asked.map((r) => r.suggestedName), ['web-main.log', 'cancel.log']);
  assert.deepEqual(posted, [
    { t: 'save-dialog-result', id: 7, path: '/picked/web-main.log' },
    { t: 'save-dialog-result', id: 8, path: null },
  ]);
  engine.close();

  const bare = new EventEmitter() as EventEmitter & EngineChild<never>;
  const answers: unknown[] = [];
  bare.postMessage = (m) => void answers.push(m);
  bare.kill = () => bare.emit('exit', 0);
  const noDialog = superviseEngine<never>({ fork: () => bare, closePort: () => {} });
  bare.emit('message', { t: 'save-dialog', id: 1, request: { suggestedName: 'x.log', format: 'text' } });
  await tick();
  assert.deepEqual(answers, [{ t: 'save-dialog-result', id: 1, path: null }]);
  noDialog.close();
});

test('the dialog proposes the file in Downloads, filtered by format', () => {
  const text = saveDialogOptions({ suggestedName: 'web-main.log', format: 'text' }, '/home/qa/Downloads');
  assert.equal(text.defaultPath, '/home/qa/Downloads/web-main.log');
  assert.deepEqual(text.filters?.[0].extensions, ['log', 'txt']);
  assert.ok(text.properties?.includes('showOverwriteConfirmation'));
  const json = saveDialogOptions({ suggestedName: 'web-main.jsonl', format: 'jsonl' }, '/d');
  assert.deepEqual(json.filters?.[0].extensions, ['jsonl', 'json']);
});
