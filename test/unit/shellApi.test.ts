// The contract's door to the desktop shell, through the real in-process transport: a notification
// reaches the shell checked, the shell's events reach the page, disposing the stream unsubscribes,
// and a front end without a shell (the browser mode) refuses `notify` and keeps `shellEvents` quiet.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DesktopNotification, ShellEvent } from '../../shared/api/shell.ts';
import { BranchyardError } from '../../shared/errors/errors.ts';
import { createEngineContext } from '../../electron/engine/api/context.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { connectInProcess } from '../../electron/engine/api/inProcess.ts';
import { type DesktopShell, checkedNotification } from '../../electron/engine/shell/shellApi.ts';
import { fileSettingsStore } from '../../electron/engine/settings/settingsStore.ts';

function fakeShell(): DesktopShell & { shown: DesktopNotification[]; emit(e: ShellEvent): void; listeners: number } {
  const listeners = new Set<(e: ShellEvent) => void>();
  return {
    shown: [],
    notify(n) {
      this.shown.push(n);
    },
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
    get listeners() {
      return listeners.size;
    },
  };
}

const context = () => createEngineContext(fileSettingsStore({ BRANCHYARD_DATA_DIR: '/nonexistent-branchyard-test' }));
const tick = () => new Promise((r) => setTimeout(r, 30));

test('notify reaches the shell; its events reach the page until the stream is disposed', async () => {
  const shell = fakeShell();
  const { client, host } = connectInProcess(createHandlers(context(), { shell }));
  assert.equal(await client.notify({ title: 'shop-main is ready', body: '2 of 2 services running', stack: 'shop-main' }), null);
  assert.deepEqual(shell.shown, [{ title: 'shop-main is ready', body: '2 of 2 services running', stack: 'shop-main' }]);
  const seen: ShellEvent[] = [];
  const sub = client.subscribe('shellEvents', {}, { next: (e) => seen.push(e) });
  await tick();
  shell.emit({ type: 'open-stack', stack: 'shop-main' });
  shell.emit({ type: 'show-view', view: 'captures' });
  await tick();
  assert.deepEqual(seen, [
    { type: 'open-stack', stack: 'shop-main' },
    { type: 'show-view', view: 'captures' },
  ]);
  sub.dispose();
  await tick();
  assert.equal(shell.listeners, 0, 'no listener outlives its stream');
  host.close();
});

test('a notification is checked: a title is needed, text has limits, nothing else passes', () => {
  assert.deepEqual(checkedNotification({ title: 't', extra: 'x' }), { title: 't', body: '' });
  for (const [bad, field] of [
    [{}, 'notify.title'],
    [{ title: '  ' }, 'notify.title'],
    [{ title: 'x'.repeat(201) }, 'notify.title'],
    [{ title: 't', body: 5 }, 'notify.body'],
    [{ title: 't', stack: ['a'] }, 'notify.stack'],
  ] as const) {
    assert.throws(
      () => checkedNotification(bad),
      (e: unknown) => e instanceof BranchyardError && e.kind === 'invalid-input' && e.details.issues?.[0]?.field === field,
      JSON.stringify(bad),
    );
  }
});

test('without a shell (the browser mode) notify is refused saying why, and shellEvents stays quiet', async () => {
  const { client, host } = connectInProcess(createHandlers(context()));
  await assert.rejects(client.notify({ title: 't', body: 'b' }), /no desktop shell: in the browser mode the page shows notifications itself/);
  let ended = false;
  const sub = client.subscribe('shellEvents', {}, { next: () => assert.fail('no events'), end: () => (ended = true) });
  await tick();
  assert.equal(ended, false, 'the stream stays open, silent');
  sub.dispose();
  host.close();
});
