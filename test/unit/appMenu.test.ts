// The native menu as data: the shortcuts a user relies on are there on every platform, the
// developer tools only in development, macOS gets its app menu, and items do what they say.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { DOCS, menuTemplate } from '../../electron/main/appMenu.ts';

function build(platform: NodeJS.Platform, development: boolean) {
  const calls: string[] = [];
  const menus = menuTemplate({
    platform,
    development,
    appName: 'Branchyard',
    actions: { showView: (v) => calls.push(`view ${v}`), newEnvironment: () => calls.push('new environment'), openDoc: (f) => calls.push(`doc ${f}`), openDataFolder: () => calls.push('data folder') },
  });
  return { menus, calls };
}

/** Every item of every menu, flattened. */
function items(menus: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menus.flatMap((m) => [m, ...items((m.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}

const roles = (menus: MenuItemConstructorOptions[]) => items(menus).map((i) => i.role).filter(Boolean);
const byLabel = (menus: MenuItemConstructorOptions[], label: string) => items(menus).find((i) => i.label === label);

test('the shortcuts of every platform: reload, zoom, full screen, copy and paste, quit, the views, a new environment', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    const { menus, calls } = build(platform, false);
    for (const role of ['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'copy', 'paste', 'cut', 'selectAll', 'undo', 'redo', 'quit', 'close']) {
      assert.ok(roles(menus).includes(role as never), `${platform}: ${role}`);
    }
    assert.equal(byLabel(menus, 'Stacks')?.accelerator, 'CmdOrCtrl+1');
    assert.equal(byLabel(menus, 'Captures')?.accelerator, 'CmdOrCtrl+2');
    assert.equal(byLabel(menus, 'Templates')?.accelerator, 'CmdOrCtrl+3');
    assert.equal(byLabel(menus, 'New Environment…')?.accelerator, 'CmdOrCtrl+N');
    for (const label of ['Captures', 'Templates', 'Stacks', 'New Environment…']) (byLabel(menus, label)?.click as () => void)();
    assert.deepEqual(calls, ['view captures', 'view templates', 'view stacks', 'new environment']);
  }
});

test('developer tools and force reload only in development', () => {
  assert.ok(roles(build('linux', true).menus).includes('toggleDevTools'));
  assert.ok(roles(build('linux', true).menus).includes('forceReload'));
  assert.ok(!roles(build('linux', false).menus).includes('toggleDevTools'));
  assert.ok(!roles(build('darwin', false).menus).includes('forceReload'));
});

test('macOS has the app menu first (about, hide, quit); others quit from File', () => {
  const mac = build('darwin', false).menus;
  assert.equal(mac[0].label, 'Branchyard');
  assert.deepEqual(roles([mac[0]]).slice(0, 2), ['about', 'services']);
  const linux = build('linux', false).menus;
  assert.equal(linux[0].label, 'File');
  assert.ok(roles([linux[0]]).includes('quit'));
  assert.ok(!roles(linux).includes('about'), 'no macOS-only roles elsewhere');
});

test('Help opens each bundled document and the data folder', () => {
  const { menus, calls } = build('linux', false);
  const help = menus.find((m) => m.role === 'help')!;
  for (const i of items([help])) (i.click as (() => void) | undefined)?.();
  assert.deepEqual(calls, [...DOCS.map((d) => `doc ${d.file}`), 'data folder']);
});
